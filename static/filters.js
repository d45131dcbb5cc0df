// Progressive enhancement: a ticked filter or a new sort order applies at once.
// Without JavaScript the „Filter anwenden“ and „Sortieren“ buttons do the same.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.id === "sort") { form.submit(); }
  });
}());
