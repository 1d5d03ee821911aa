/* global document */
// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/govuk/govuk-frontend.min.js';
import { enhanceUploads } from '/app/upload-progress.mjs';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
enhanceUploads(initAll);
