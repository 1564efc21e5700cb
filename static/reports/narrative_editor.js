// The narrative editor (reports/narrative.html): each text in an editable box where the report's tags are chips —
// "[Đơn vị được chọn làm điểm phong trào: 12]", the figure's name and its value in this report — that can be deleted
// as a whole but not edited inside (contenteditable=false; a footnote's text is edited inside its chip), and a
// searchable list of the figures that inserts one at the cursor. On saving, each box that was changed is written back into its textarea as text: the text as it was, and
// each chip's exact tag (data-source), so the stored text is the report language the PDF renders. Without this
// script the textareas are used as they are.
(function () {
  "use strict";
  var form = document.getElementById("narrative-form");
  var data = document.getElementById("narrative-figures");
  if (!form || !data) return;
  var editors = Array.prototype.slice.call(form.querySelectorAll(".narrative-editor[data-for]"));
  if (!editors.length) return;
  var figures = JSON.parse(data.textContent);
  var lastEditor = editors[0];
  var lastRange = null;

  function owner(node) {
    for (; node; node = node.parentNode) {
      if (node.nodeType === 1 && node.classList.contains("narrative-editor")) return node;
    }
    return null;
  }

  // The text of a box: text as typed, a line break for <br> and for the blocks a browser may make on Enter or paste.
  function serialise(root) {
    var out = "";
    (function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          out += child.nodeValue;
        } else if (child.nodeType === 1) {
          if (child.hasAttribute("data-source")) {
            out += child.getAttribute("data-source");
          } else if (child.hasAttribute("data-opening")) {  // a footnote: its tags around its text
            out += child.getAttribute("data-opening");
            walk(child.querySelector(".narrative-footnote-text"));
            out += child.getAttribute("data-closing");
          } else if (child.tagName === "BR") {
            out += "\n";
          } else {
            if (/^(DIV|P)$/.test(child.tagName) && out && out.slice(-1) !== "\n") out += "\n";
            walk(child);
          }
        }
      }
    })(root);
    return out.replace(/\u00a0/g, " ");
  }

  function chip(figure) {
    var span = document.createElement("span");
    span.className = "narrative-chip";
    span.contentEditable = "false";
    span.setAttribute("data-source", figure.source);
    var value = document.createElement("b");
    value.textContent = figure.value;
    span.appendChild(document.createTextNode(figure.label + ": "));
    span.appendChild(value);
    return span;
  }

  function insert(figure) {
    var editor = lastEditor;
    var range = lastRange && owner(lastRange.startContainer) === editor ? lastRange : null;
    if (!range) {  // no cursor in a text yet: at the end of the last one used
      range = document.createRange();
      range.selectNodeContents(editor);
      range.collapse(false);
    }
    range.deleteContents();
    var node = chip(figure);
    range.insertNode(node);
    var space = document.createTextNode(" ");
    node.parentNode.insertBefore(space, node.nextSibling);
    range = document.createRange();
    range.setStartAfter(space);
    range.collapse(true);
    editor.focus();
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    lastRange = range.cloneRange();
    editor.setAttribute("data-changed", "1");
  }

  editors.forEach(function (editor) {
    document.getElementById(editor.getAttribute("data-for")).hidden = true;
    editor.hidden = false;
    editor.addEventListener("input", function () { editor.setAttribute("data-changed", "1"); });
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // a line break (a new paragraph of the report), never a <div>
        event.preventDefault();
        document.execCommand("insertLineBreak");
      }
    });
    editor.addEventListener("paste", function (event) {  // text only: markup pasted from elsewhere is not kept
      event.preventDefault();
      document.execCommand("insertText", false, (event.clipboardData || window.clipboardData).getData("text/plain"));
    });
    editor.addEventListener("drop", function (event) { event.preventDefault(); });
  });
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    var editor = owner(range.startContainer);
    if (editor) {
      lastEditor = editor;
      lastRange = range.cloneRange();
    }
  });
  form.addEventListener("submit", function () {
    editors.forEach(function (editor) {
      if (editor.getAttribute("data-changed") === "1") {
        document.getElementById(editor.getAttribute("data-for")).value = serialise(editor);
      }
    });
  });

  // The list of figures, searched by name with or without Vietnamese accents ("mo hinh" finds "Mô hình").
  var panel = document.getElementById("narrative-figures-panel");
  var search = document.getElementById("narrative-figure-search");
  var list = document.getElementById("narrative-figure-list");
  var none = document.getElementById("narrative-figure-none");
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var items = figures.map(function (figure) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm text-start p-0 mb-1 narrative-figure";
    button.textContent = figure.label + " (" + figure.value + ")";
    // mousedown would take the focus (and the cursor) out of the text before the click inserts
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { insert(figure); });
    li.appendChild(button);
    list.appendChild(li);
    return {li: li, words: plain(figure.label + " " + figure.source)};
  });
  search.addEventListener("input", function () {
    var words = plain(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var match = words.every(function (word) { return item.words.indexOf(word) !== -1; });
      item.li.hidden = !match;
      if (match) shown += 1;
    });
    none.hidden = shown > 0;
  });
  panel.hidden = false;
  document.querySelectorAll(".narrative-help").forEach(function (help) { help.hidden = false; });
})();
