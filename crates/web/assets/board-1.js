// hitstaff: the pipeline board's drag and drop and keyboard moves. Without JavaScript the
// board's form moves the ticked cards; this only asks what a move needs (a rejection's reason,
// a note to go back or skip) and sends the same form. The server checks every move again.
(function () {
  "use strict";
  var held = null; // the card picked up with the keyboard
  var aim = null; // the column it would go to
  var dragged = null;
  var movedApp = null; // the card to focus once the board comes back

  function board() {
    return document.querySelector(".board[data-moves]");
  }
  function columns() {
    var b = board();
    return b ? Array.prototype.slice.call(b.querySelectorAll(".column")) : [];
  }
  function say(text) {
    var s = document.getElementById("board-status");
    if (!s) return;
    s.textContent = "";
    window.setTimeout(function () { s.textContent = text; }, 50);
  }
  function mark(column) {
    columns().forEach(function (c) { c.classList.toggle("drop-target", c === column); });
  }
  function putDown() {
    if (held) held.classList.remove("held");
    held = null;
    aim = null;
    mark(null);
  }
  // What a move needs besides itself: "reason" to reject; "note" to go back, skip or reopen;
  // nothing for the next stage or to withdraw an open application.
  function needs(card, stage) {
    if (stage === "rejected") return "reason";
    if (stage === card.dataset.next) return "";
    if (stage === "withdrawn" && card.dataset.stage !== "placed") return "";
    return "note";
  }
  function move(card, column) {
    var stage = column.dataset.stage;
    var name = card.dataset.name;
    if (stage === card.dataset.stage) {
      say(name + " stays in " + column.dataset.label + ".");
      return;
    }
    var dialog = document.getElementById("move-ask");
    if (!dialog) return;
    var form = dialog.querySelector("form");
    form.querySelector("input[name=app]").value = card.dataset.app;
    form.querySelector("input[name=to]").value = stage;
    movedApp = card.dataset.app;
    var need = needs(card, stage);
    var reason = form.querySelector("select[name=rejection]");
    var note = form.querySelector("input[name=note]");
    reason.value = "";
    note.value = "";
    if (need === "") {
      form.requestSubmit();
      return;
    }
    dialog.querySelector(".ask-reason").hidden = need !== "reason";
    reason.required = need === "reason";
    note.required = need === "note";
    dialog.querySelector("label[for=ask-note]").textContent = need === "note"
      ? "Why does " + name + " go to " + column.dataset.label + "? (needed to go back, skip or reopen)"
      : "Note (optional)";
    dialog.querySelector("h2").textContent = need === "reason"
      ? "Reject " + name
      : "Move " + name + " to " + column.dataset.label;
    dialog.showModal();
    (need === "reason" ? reason : note).focus();
  }

  document.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".board[data-moves] .pcard");
    if (!card) return;
    dragged = card;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.dataset.app);
  });
  document.addEventListener("dragend", function () {
    dragged = null;
    mark(null);
  });
  document.addEventListener("dragover", function (e) {
    var column = dragged && e.target.closest && e.target.closest(".board[data-moves] .column");
    if (!column) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    mark(column);
  });
  document.addEventListener("drop", function (e) {
    var column = dragged && e.target.closest && e.target.closest(".board[data-moves] .column");
    if (!column) return;
    e.preventDefault();
    var card = dragged;
    dragged = null;
    mark(null);
    move(card, column);
  });

  document.addEventListener("keydown", function (e) {
    var card = e.target.classList && e.target.classList.contains("pcard") && e.target.closest(".board[data-moves]") ? e.target : null;
    if (!card) return;
    var all = columns();
    if (held !== card) {
      if (e.key === " " || e.key === "Enter") {
        e.preventDefault();
        putDown();
        held = card;
        card.classList.add("held");
        aim = card.closest(".column");
        mark(aim);
        say(card.dataset.name + " picked up from " + aim.dataset.label +
          ". Left and right arrows choose the stage, Enter moves, Escape puts it back.");
      }
      return;
    }
    if (e.key === "ArrowRight" || e.key === "ArrowLeft" || e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var i = all.indexOf(aim) + (e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : -1);
      aim = all[Math.max(0, Math.min(all.length - 1, i))];
      mark(aim);
      aim.scrollIntoView({ block: "nearest", inline: "nearest" });
      say(aim.dataset.label + (aim === card.closest(".column") ? " (where it is now)" : ""));
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      var column = aim;
      putDown();
      move(card, column);
    } else if (e.key === "Escape" || e.key === "Tab") {
      if (e.key === "Escape") e.preventDefault();
      say(card.dataset.name + " stays in " + card.closest(".column").dataset.label + ".");
      putDown();
    }
  });

  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest("#move-ask [data-close]");
    if (close) {
      close.closest("dialog").close();
      movedApp = null;
    }
  });

  // Once the board comes back, the moved card keeps the focus (in its new column), and the
  // server's answer is read out: its refusal, or where the card went.
  document.addEventListener("htmx:afterSettle", function () {
    if (!movedApp) return;
    var card = document.querySelector('.pcard[data-app="' + movedApp + '"]');
    movedApp = null;
    var refused = document.querySelector("main .problems");
    if (card) card.focus();
    if (refused) say(refused.textContent.trim());
    else if (card) say(card.dataset.name + " is now in " + card.closest(".column").dataset.label + ".");
  });
})();
