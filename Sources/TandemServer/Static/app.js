// Small helpers; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as a choice is made.
  for (const control of document.querySelectorAll("select[data-autosubmit], input[data-autosubmit]")) {
    control.addEventListener("change", () => control.form.requestSubmit());
  }
  // A running re-scoring shows its progress in place, without reloading the page (and what
  // is being typed in it).
  for (const section of document.querySelectorAll("[data-progress]")) {
    const bar = section.querySelector("progress");
    const status = section.querySelector("#rescore-status");
    const poll = async () => {
      try {
        const response = await fetch(section.dataset.progress, { headers: { accept: "application/json" } });
        if (response.status !== 200) return;
        const job = await response.json();
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        status.textContent = `${job.status}: ${job.done} of ${job.total} leads (${job.percent}%)` + (job.running ? " — updating until it is done." : ".");
        if (job.running) setTimeout(poll, 3000);
      } catch {
        setTimeout(poll, 10000);
      }
    };
    setTimeout(poll, 3000);
  }
  // A heading checkbox ticks every row's box of its name (the leads list's selection).
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    const boxes = () => document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
    all.addEventListener("change", () => {
      for (const box of boxes()) box.checked = all.checked;
    });
  }
  // A running import shows its progress, then the page reloads to show the report.
  for (const section of document.querySelectorAll("[data-import-progress]")) {
    const bar = section.querySelector("progress");
    const status = section.querySelector("#import-status");
    const poll = async () => {
      try {
        const response = await fetch(section.dataset.importProgress, { headers: { accept: "application/json" } });
        if (response.status !== 200) return;
        const job = await response.json();
        if (job.finished) return window.location.reload();
        bar.value = job.percent;
        status.textContent = `${job.rows_read} of ${job.total_rows} rows read (${job.percent}%): this page updates until it is done.`;
        setTimeout(poll, 1000);
      } catch {
        setTimeout(poll, 5000);
      }
    };
    setTimeout(poll, 500);
  }
  // An inbox card's explanation is read when it is opened: a queue shows many cards, and a rep
  // opens few. Without this script, the card links to the lead's page instead.
  for (const details of document.querySelectorAll("details[data-load]")) {
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.state) return;
      details.dataset.state = "loading";
      const target = details.querySelector("[data-loaded]");
      target.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(details.dataset.load, { headers: { accept: "text/html" } });
        if (response.status !== 200) throw new Error(`answered ${response.status}`);
        target.innerHTML = await response.text();
        details.dataset.state = "loaded";
      } catch {
        delete details.dataset.state;
      } finally {
        target.removeAttribute("aria-busy");
      }
    });
  }
  // Destructive forms ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Copy a new key's secret.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select and copy";
      }
    });
  }
});
