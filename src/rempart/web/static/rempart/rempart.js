// Upload progress for the SBOM form: htmx is not needed, a plain XHR keeps the page's CSRF form.
(function () {
  var form = document.getElementById("sbom-upload");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    var bar = document.getElementById("upload-progress");
    if (!window.FormData || !bar) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    request.addEventListener("load", function () {
      // The response is the page to show (after the redirect on success, the form with its
      // errors otherwise); showing it keeps the one-time success message.
      if (request.status < 400 && request.responseURL) {
        window.history.replaceState(null, "", request.responseURL);
      }
      document.open(); document.write(request.responseText); document.close();
    });
    request.send(new FormData(form));
  });
})();
