// Refresh the health-claims panel whenever Wagtail's preview panel has updated
// (the preview's content is what the checks then describe, before it is saved).
(() => {
  let pending = null;

  async function refresh() {
    const panel = document.querySelector("[data-health-claims-checks]");
    if (!panel || !panel.dataset.url) return;
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(panel.dataset.url, {
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (!response.ok) return;
      const html = await response.text();
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const fresh = holder.querySelector("[data-health-claims-checks]");
      if (fresh) panel.replaceWith(fresh);
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  }

  document.addEventListener("w-preview:updated", refresh);
})();
