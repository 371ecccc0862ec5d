/* The quiz pages (fieldguide/questions.py): picking a choice says right or wrong and opens
   the answer; each answer is kept in this browser only (localStorage), never sent. Without
   this script the choices are plain radio buttons and the answers stay folded. */
(function () {
  var KEY = "fieldguide-questions";
  var store = {};
  try {
    store = JSON.parse(localStorage.getItem(KEY)) || {};
  } catch (e) {}
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(store));
    } catch (e) {}
  }
  function text(name) {
    var found = document.querySelector(".fg-quiz ." + name);
    return found ? found.textContent : "";
  }
  document.querySelectorAll(".fg-q").forEach(function (q) {
    var id = q.dataset.q, right = q.dataset.right;
    var choices = q.querySelector(".fg-choices"), verdict = null;
    function show(value, remember) {
      if (!verdict) {
        /* Made on the first answer, not at load: nothing on the page moves before then. */
        verdict = document.createElement("p");
        verdict.className = "fg-verdict";
        verdict.setAttribute("role", "status");
        choices.after(verdict);
      }
      var ok = value === right;
      choices.querySelectorAll("li").forEach(function (li, i) {
        li.classList.toggle("fg-correct", String(i) === right);
        li.classList.toggle("fg-mistake", !ok && String(i) === value);
      });
      q.classList.toggle("fg-right", ok);
      q.classList.toggle("fg-wrong", !ok);
      verdict.textContent = (ok ? "✓ " : "✗ ") + text(ok ? "fg-right-text" : "fg-wrong-text");
      q.querySelector(".fg-answer").open = true;
      if (remember) {
        store[id] = { choice: Number(value), right: ok };
        save();
      }
    }
    q.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.addEventListener("change", function () {
        show(input.value, true);
      });
      if (store[id] && String(store[id].choice) === input.value) {
        input.checked = true;
        show(input.value, false);
      }
    });
  });
  document.querySelectorAll(".fg-progress").forEach(function (el) {
    var ids = el.dataset.qs.split(" "), done = 0, right = 0;
    ids.forEach(function (id) {
      if (store[id]) {
        done += 1;
        right += store[id].right ? 1 : 0;
      }
    });
    if (done) {
      el.textContent = text("fg-progress-text")
        .replace("{done}", done).replace("{total}", ids.length).replace("{right}", right);
    }
  });
})();
