// "Valitse kaikki": ticks every box of the list the button controls (aria-controls), or
// clears them all when every box is already ticked. Without JavaScript the button stays
// hidden and each box is ticked by hand; the form works the same.
document.querySelectorAll("button[data-select-all]").forEach((button) => {
  const list = document.getElementById(button.getAttribute("aria-controls"));
  if (!list) {
    return;
  }
  const boxes = () => Array.from(list.querySelectorAll('input[type="checkbox"]'));
  const allTicked = () => boxes().every((box) => box.checked);
  const update = () => {
    button.textContent = allTicked() ? button.dataset.labelNone : button.dataset.labelAll;
  };
  button.addEventListener("click", () => {
    const tick = !allTicked();
    boxes().forEach((box) => {
      box.checked = tick;
    });
    update();
  });
  list.addEventListener("change", update);
  update();
  button.hidden = false;
});
