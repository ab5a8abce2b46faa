// A PDF link marked data-preparing="…" says so beside it while the server builds the file
// (a few seconds), in a polite live region made empty on load so that the text is read
// out. It clears when the window has focus again (after a save dialog) or after 20 s.

document.querySelectorAll("a[data-preparing]").forEach((link) => {
  const status = document.createElement("span");
  status.className = "nhsuk-body-s nhsuk-u-margin-left-2";
  status.setAttribute("aria-live", "polite");
  link.after(status);
  let timer;
  const clear = () => {
    clearTimeout(timer);
    status.textContent = "";
  };
  link.addEventListener("click", () => {
    status.textContent = link.dataset.preparing;
    clearTimeout(timer);
    timer = setTimeout(clear, 20000);
    window.addEventListener("focus", clear, { once: true });
  });
});
