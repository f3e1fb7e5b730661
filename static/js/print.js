// "Tulosta": prints the report page with the browser (the print stylesheet leaves out the
// navigation). Without JavaScript the button stays hidden, as it could do nothing.
document.querySelectorAll("[data-print-button]").forEach((button) => {
  button.addEventListener("click", () => window.print());
  button.closest("[hidden]")?.removeAttribute("hidden");
});
