// Photo previews on the compose page: show what was chosen before uploading.
// The form works without this script.
(function () {
  var input = document.getElementById("photos");
  var box = document.getElementById("previews");
  if (!input || !box || !window.URL) return;
  input.addEventListener("change", function () {
    box.textContent = "";
    Array.prototype.slice.call(input.files, 0, 9).forEach(function (f) {
      var img = document.createElement("img");
      img.src = URL.createObjectURL(f);
      img.alt = f.name;
      img.width = 96;
      img.height = 96;
      img.onload = function () { URL.revokeObjectURL(img.src); };
      box.appendChild(img);
    });
  });
})();
