/* Public forms, progressively enhanced: every field works without this file.
   With it: only the chosen applicant type's fieldset is shown, and the file picker names the chosen file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function showApplicantFieldsets(form) {
    var chosen = form.querySelector("input[name=applicant_kind]:checked");
    if (!chosen) return;
    var type = chosen.value === "自然人" ? "person" : "organisation";
    form.querySelectorAll("[data-applicant-for]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.getAttribute("data-applicant-for") !== type;
    });
  }

  function showChosenFile(input) {
    var shown = document.getElementById(input.id + "_chosen");
    if (!shown) return;
    shown.textContent = input.files && input.files.length ? "已选择：" + input.files[0].name : "未选择文件";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-applicant-form]").forEach(function (form) {
      showApplicantFieldsets(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "applicant_kind") showApplicantFieldsets(form);
      });
    });
    document.querySelectorAll(".file-picker input[type=file]").forEach(function (input) {
      showChosenFile(input);
      input.addEventListener("change", function () { showChosenFile(input); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
