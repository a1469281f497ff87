// Small helpers; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as a choice is made.
  for (const control of document.querySelectorAll("select[data-autosubmit], input[data-autosubmit]")) {
    control.addEventListener("change", () => control.form.requestSubmit());
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
