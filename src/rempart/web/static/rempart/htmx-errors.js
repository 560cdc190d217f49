// Our htmx partials answer refused input with 422 and the form showing its errors (and which
// field, and why). htmx leaves 4xx responses unswapped by default, which would hide those
// errors; swap 422 everywhere. Other errors keep htmx's default (nothing swapped).
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
