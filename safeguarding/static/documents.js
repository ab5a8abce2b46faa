// Progress of a document being read: polls /documents/<id>/progress/ and updates the
// aria-live text and the progress bar; reloads the page when the document is ready or has
// failed. Without JavaScript the "Refresh" link next to the progress does the same.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function follow(region) {
  const url = region.dataset.documentProgress;
  const text = region.querySelector("[data-progress-text]");
  const bar = region.querySelector("progress");
  let wait = 1000;
  let shown = text ? text.textContent : "";
  for (;;) {
    await sleep(wait);
    let response;
    try {
      response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        redirect: "manual",
      });
    } catch {
      wait = Math.min(wait * 2, 15000);
      continue;
    }
    if (response.type === "opaqueredirect" || [401, 403, 404].includes(response.status)) {
      return; // signed out or no longer visible: leave the page as it is
    }
    if (!response.ok) {
      wait = Math.min(wait * 2, 15000);
      continue;
    }
    const data = await response.json();
    const message = `${data.status_label}: ${data.stage || "waiting"} (${data.progress}%)`;
    if (text && message !== shown) {
      text.textContent = message;
      shown = message;
    }
    if (bar) {
      bar.value = data.progress;
      bar.textContent = `${data.progress}%`;
    }
    if (data.done) {
      window.location.reload();
      return;
    }
    wait = Math.min(wait + 500, 4000);
  }
}

if (!window.__documentProgress) {
  window.__documentProgress = true;
  document.querySelectorAll("[data-document-progress]").forEach(follow);
}
