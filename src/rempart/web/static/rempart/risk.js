// The risk form answers a refused risk with 422 and the form showing its errors: swap it in.
// htmx leaves 4xx responses unswapped by default; only 422 from our own partials is shown.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422 && event.detail.target.id === "risk-block") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
