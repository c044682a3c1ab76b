/* Clippings: comfort only. Everything works without this file.
   Every page: "/" focuses the search box. Search page: the filters open on wide screens; the keys
   j / k move between results (Enter opens the focused one, as on any link); dragging across the
   date histogram chooses a range; "All N speakers…" opens the list page's list in a panel (filter box,
   order, Escape to close) instead of leaving the page. Facet list page (and that panel): the filter box
   narrows the list as you type. Article page: next/previous hit buttons and the keys n / p. */
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  /* A plain key press outside any text field and any open dialog: no modifier (Shift is part of
     the key). */
  function plainKey(event) {
    return !typing(event) && !event.ctrlKey && !event.metaKey && !event.altKey &&
      !document.querySelector("dialog[open]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && plainKey(event)) {
      var box = document.querySelector("form.search input[name=q]");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });

  /* Filters: closed on narrow screens (the HTML default), open on wide ones, following resizes. */
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia) {
    var wide = window.matchMedia("(width > 50rem)");
    var follow = function () { filters.open = wide.matches; };
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  /* Search page: j / k focus the next / previous result's title link. */
  var results = Array.prototype.slice.call(document.querySelectorAll("ol.hits > li.hit"));
  if (results.length) {
    document.addEventListener("keydown", function (event) {
      if (!plainKey(event) || (event.key !== "j" && event.key !== "k")) { return; }
      var at = -1;
      results.forEach(function (hit, i) { if (hit.contains(document.activeElement)) { at = i; } });
      var to = event.key === "j" ? Math.min(at + 1, results.length - 1) : Math.max(at - 1, 0);
      var link = results[to].querySelector("a.hit-title");
      if (!link) { return; }
      event.preventDefault();
      link.focus({preventScroll: true});
      results[to].scrollIntoView({block: "nearest"});
    });
  }

  /* Facet list (its page, or the panel below): the filter box narrows the list as you type; the
     form does it on the server without JS. */
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  function narrowAsYouType(scope) {
    var contains = scope.querySelector("#facet-contains");
    var listed = scope.querySelector("#facet-values");
    if (!contains || !listed) { return; }
    var items = Array.prototype.slice.call(listed.querySelectorAll("li")).map(function (li) {
      return {li: li, text: fold(li.querySelector(".label").textContent)};
    });
    var none = scope.querySelector("#facet-none");
    var noneText = scope.querySelector("#facet-none-text");
    contains.addEventListener("input", function () {
      var wanted = fold(contains.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        item.li.hidden = item.text.indexOf(wanted) < 0;
        if (!item.li.hidden) { shown += 1; }
      });
      if (none) { none.hidden = shown > 0; }
      if (noneText) { noneText.textContent = contains.value.trim(); }
    });
  }
  narrowAsYouType(document);

  /* Search page: "All N speakers…" opens a modal panel holding the list page's filter form, order
     links and list, fetched from the link's own address (the page's URL does not change). Filtering
     narrows as you type; Enter and the order links fetch again, keeping the typed text; a value is
     its toggle link (a normal navigation). Escape, the close button or a click outside closes it and
     focus goes back to the link. If the fetch fails, the link is simply followed. */
  var moreLinks = Array.prototype.slice.call(document.querySelectorAll("a.all-values"));
  if (moreLinks.length && window.fetch && window.DOMParser && window.HTMLDialogElement) {
    var panel = document.createElement("dialog");
    panel.className = "facet-panel";
    panel.setAttribute("aria-labelledby", "facet-panel-title");
    var head = document.createElement("div");
    head.className = "facet-panel-head";
    var title = document.createElement("h2");
    title.id = "facet-panel-title";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "facet-panel-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    head.appendChild(title);
    head.appendChild(close);
    var controls = document.createElement("div");
    controls.className = "facet-panel-controls";
    var scroller = document.createElement("div");
    scroller.className = "facet-panel-list";
    panel.appendChild(head);
    panel.appendChild(controls);
    panel.appendChild(scroller);
    document.body.appendChild(panel);

    var opener = null, asked = 0;

    /* Fetch a list page and move its form, summary and list into the panel; false if it failed. */
    var load = function (url) {
      var mine = ++asked;
      panel.setAttribute("aria-busy", "true");
      return fetch(url, {credentials: "same-origin", headers: {Accept: "text/html"}}).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      }).then(function (html) {
        if (mine !== asked) { return true; }
        var fetched = new DOMParser().parseFromString(html, "text/html");
        var main = fetched.getElementById("main");
        if (!main || !main.querySelector("#facet-values")) { throw new Error("not a facet list"); }
        var heading = main.querySelector("h1");
        title.textContent = heading ? heading.textContent : "";
        controls.textContent = "";
        scroller.textContent = "";
        Array.prototype.slice.call(main.children).forEach(function (node) {
          if (node === heading || node.classList.contains("back")) { return; }
          var into = node.id === "facet-filter" || node.classList.contains("summary") ? controls : scroller;
          into.appendChild(document.importNode(node, true));
        });
        scroller.scrollTop = 0;
        narrowAsYouType(panel);
        panel.removeAttribute("aria-busy");
        return true;
      }).catch(function () {
        panel.removeAttribute("aria-busy");
        return mine !== asked;
      });
    };

    var focusFilter = function () {
      var box = panel.querySelector("#facet-contains");
      if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
    };

    /* A list page address with the filter box's text as ``contains`` (empty: none). */
    var withContains = function (href) {
      var url = new URL(href, location.href);
      var box = panel.querySelector("#facet-contains");
      var text = box ? box.value.trim() : "";
      if (text) { url.searchParams.set("contains", text); } else { url.searchParams.delete("contains"); }
      return url.href;
    };

    /* Fetch again from within the panel; if that fails, go to the list page itself. */
    var refetch = function (url) {
      load(url).then(function (ok) { if (ok) { focusFilter(); } else { location.href = url; } });
    };

    moreLinks.forEach(function (link) {
      link.setAttribute("aria-haspopup", "dialog");
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        load(link.href).then(function (ok) {
          if (!ok) { location.href = link.href; return; }
          opener = link;
          if (!panel.open) { panel.showModal(); }
          focusFilter();
        });
      });
    });

    panel.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.id !== "facet-filter") { return; }
      event.preventDefault();
      var url = new URL(form.action, location.href);
      new FormData(form).forEach(function (value, name) { url.searchParams.append(name, value); });
      refetch(withContains(url.href));
    });
    panel.addEventListener("click", function (event) {
      var order = event.target.closest ? event.target.closest(".sort a") : null;
      if (order) {
        event.preventDefault();
        refetch(withContains(order.href));
        return;
      }
      if (event.target === panel) {   /* the backdrop (or the panel's own padding) */
        var box = panel.getBoundingClientRect();
        var outside = event.clientX < box.left || event.clientX > box.right ||
                      event.clientY < box.top || event.clientY > box.bottom;
        if (outside) { panel.close(); }
      }
    });
    /* Escape closes the panel even from the filter box (where it would otherwise clear the text). */
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); panel.close(); }
    });
    close.addEventListener("click", function () { panel.close(); });
    panel.addEventListener("close", function () {
      asked += 1;   /* a fetch still under way no longer matters */
      if (opener) { opener.focus(); }
    });
  }

  /* Date histogram: drag across bars to choose a range; it fills From and To and submits.
     A click on one bar is still its link. */
  var histogram = document.getElementById("histogram");
  var range = document.getElementById("date-range");
  if (histogram && range) {
    var bars = Array.prototype.slice.call(histogram.querySelectorAll("li"));
    var anchor = -1, reach = -1;
    var barAt = function (event) {
      var li = event.target.closest ? event.target.closest("#histogram > li") : null;
      return li ? bars.indexOf(li) : -1;
    };
    var paint = function () {
      var lo = Math.min(anchor, reach), hi = Math.max(anchor, reach);
      bars.forEach(function (li, i) { li.classList.toggle("dragging", anchor >= 0 && i >= lo && i <= hi); });
    };
    histogram.addEventListener("dragstart", function (event) { event.preventDefault(); });
    histogram.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      anchor = reach = barAt(event);
      if (anchor >= 0) { histogram.classList.add("selecting"); paint(); }
    });
    histogram.addEventListener("pointermove", function (event) {
      if (anchor < 0) { return; }
      var at = barAt(event);
      if (at >= 0 && at !== reach) { reach = at; paint(); }
    });
    var finish = function () {
      if (anchor < 0) { return; }
      var lo = Math.min(anchor, reach), hi = Math.max(anchor, reach);
      anchor = reach = -1;
      histogram.classList.remove("selecting");
      if (lo === hi) { paint(); return; }   /* one bar: its link does the rest */
      range.elements.from.value = bars[lo].dataset.from;
      range.elements.to.value = bars[hi].dataset.to;
      range.submit();
    };
    histogram.addEventListener("pointerup", finish);
    histogram.addEventListener("pointerleave", function (event) {
      if (anchor >= 0 && event.buttons === 0) { anchor = reach = -1; histogram.classList.remove("selecting"); paint(); }
    });
    document.addEventListener("pointerup", function () { if (anchor >= 0) { finish(); } });
  }

  var hits = Array.prototype.slice.call(document.querySelectorAll(".passages mark[id^='h-']"));
  if (!hits.length) { return; }
  var next = document.getElementById("next-hit");
  var prev = document.getElementById("prev-hit");
  var position = document.getElementById("hit-position");
  var source = document.getElementById("source-link");
  var current = -1;

  function passageOf(node) {
    while (node && !(node.classList && node.classList.contains("passage"))) { node = node.parentNode; }
    return node;
  }

  function show(index) {
    if (current >= 0) { hits[current].classList.remove("current"); }
    current = (index + hits.length) % hits.length;
    var mark = hits[current];
    mark.classList.add("current");
    mark.scrollIntoView({block: "center", behavior: "smooth"});
    if (position) { position.textContent = (current + 1) + " / " + hits.length; }
    var passage = passageOf(mark);
    document.querySelectorAll(".passage.active").forEach(function (p) { p.classList.remove("active"); });
    if (passage) {
      passage.classList.add("active");
      if (source && passage.dataset.source) { source.href = passage.dataset.source; }
    }
  }

  /* The first hit at or after the passage named in the address, if any. */
  function startFromHash() {
    var match = /^#p-(\d+)$/.exec(location.hash);
    if (!match) {
      var h = /^#h-(\d+)$/.exec(location.hash);
      if (h && hits[Number(h[1]) - 1]) {
        current = Number(h[1]) - 1;
        hits[current].classList.add("current");
        if (position) { position.textContent = (current + 1) + " / " + hits.length; }
      }
      return -1;
    }
    var target = document.getElementById("p-" + match[1]);
    if (!target) { return -1; }
    if (source && target.dataset.source) { source.href = target.dataset.source; }
    for (var i = 0; i < hits.length; i++) {
      var p = passageOf(hits[i]);
      if (p === target || (target.compareDocumentPosition(hits[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        return i - 1;
      }
    }
    return hits.length - 1;
  }

  var start = startFromHash();

  function step(delta) {
    if (current < 0 && start !== -1) {
      var base = start;
      start = -1;
      show(delta > 0 ? base + 1 : base);
      return;
    }
    show(current < 0 ? (delta > 0 ? 0 : hits.length - 1) : current + delta);
  }

  if (next) { next.addEventListener("click", function (e) { e.preventDefault(); step(1); }); }
  if (prev) { prev.addEventListener("click", function (e) { e.preventDefault(); step(-1); }); }

  document.addEventListener("keydown", function (event) {
    if (!plainKey(event)) { return; }
    if (event.key === "n") { event.preventDefault(); step(1); }
    else if (event.key === "p") { event.preventDefault(); step(-1); }
  });

  window.addEventListener("hashchange", function () {
    current = -1;
    hits.forEach(function (m) { m.classList.remove("current"); });
    start = startFromHash();
  });
}());

/* Article page, "Cite": copy the plain-text citation to the clipboard instead of opening it, say
   "Copied" next to the link, and show the CSL-JSON and RIS downloads. Without this the link opens
   the citation as text. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.cite");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    var tools = link.closest(".cite-tools");
    var status = tools.querySelector(".cite-status");
    var more = tools.querySelector(".cite-more");
    status.textContent = "";
    fetch(link.href, {headers: {Accept: "text/plain"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (text) {
        tools.dataset.citation = text;
        return copyText(text);
      })
      .then(function () { status.textContent = "Copied"; })
      .catch(function () { status.textContent = "Could not copy: open the link instead"; })
      .then(function () { if (more) { more.hidden = false; } });
  });
}());
