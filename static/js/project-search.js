// The actions list's project filter and the action form's "add a project": suggests project
// names while one types, from /actions/projects.json, as the options of the field's
// <datalist>. Without JavaScript the field takes the same text, and the page names the
// projects it fits.
document.querySelectorAll("input[data-project-search]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list || !list.dataset.url) {
    return;
  }
  let timer = null;
  let asked = "";
  const suggest = async () => {
    const text = input.value.trim();
    if (text.length < 2 || text === asked) {
      return;
    }
    asked = text;
    const url = new URL(list.dataset.url, window.location.href);
    url.searchParams.set("q", text);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok || input.value.trim() !== text) {
      return;
    }
    const { projects } = await response.json();
    list.replaceChildren(
      ...projects.map((project) => {
        const option = document.createElement("option");
        option.value = project.label;
        if (project.name !== project.label) {
          option.label = project.name;
        }
        return option;
      }),
    );
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
});
