/* global document, window, XMLHttpRequest, FormData, DOMParser */
// Progressive enhancement of upload forms (form[data-upload-progress]): send with XMLHttpRequest to show how much has
// been uploaded, then show the server's page (the import result or its row errors). Without JavaScript the form posts
// normally and the browser shows its own progress.

export function enhanceUploads(initAll) {
  for (const form of document.querySelectorAll('form[data-upload-progress]')) {
    const status = form.querySelector('[data-upload-status]');
    const bar = status && status.querySelector('progress');
    const text = status && status.querySelector('[data-upload-text]');
    const submit = form.querySelector('button[type="submit"]');
    if (!status || !bar || !text || !submit || !window.FormData) continue;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.round((100 * e.loaded) / e.total);
        bar.value = percent;
        text.textContent = `Uploading: ${percent}%`;
      });
      xhr.upload.addEventListener('load', () => {
        bar.value = 100;
        text.textContent = 'Uploaded. Checking and importing the files…';
      });
      xhr.addEventListener('load', () => {
        const next = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        document.title = next.title;
        document.body.replaceChildren(...next.body.children);
        document.body.classList.add('js-enabled', 'govuk-frontend-supported');
        initAll();
        enhanceUploads(initAll);
        const focus = document.querySelector('.govuk-error-summary, .govuk-notification-banner, h1');
        if (focus) {
          focus.setAttribute('tabindex', '-1');
          focus.focus();
        }
      });
      xhr.addEventListener('error', () => {
        text.textContent = 'The upload failed. Check your connection and try again.';
        submit.disabled = false;
      });
      status.hidden = false;
      submit.disabled = true;
      bar.value = 0;
      text.textContent = 'Uploading: 0%';
      xhr.send(new FormData(form));
    });
  }
}
