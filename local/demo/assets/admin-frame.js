/*
 * The local admin page's side of App Bridge (DEMO AND TESTS ONLY): answers the app's requests for
 * session tokens and resource pickers, and renders what the app declares — its navigation menu, title
 * bar, save bar, toasts and loading state — around the app's iframe, like Shopify admin does.
 */
(function () {
  "use strict";
  var TAG = "fitting-room-app-bridge";
  var config = window.__ADMIN_FRAME__;
  var iframe = document.getElementById("app-frame");
  var subnav = document.getElementById("app-subnav");
  var home = document.getElementById("app-home");
  var titleText = document.getElementById("titlebar-text");
  var titleActions = document.getElementById("titlebar-actions");
  var savebar = document.getElementById("savebar");
  var savebarActions = document.getElementById("savebar-actions");
  var toasts = document.getElementById("toasts");
  var loadingBar = document.getElementById("loading-bar");
  var picker = document.getElementById("picker");
  var homeHref = "/app";
  var currentPath = "/app";
  var navItems = [];
  var saveBarOpen = false;

  function post(type, payload, id) {
    if (!iframe.contentWindow) return;
    iframe.contentWindow.postMessage({ source: TAG, type: type, id: id, payload: payload }, config.appOrigin);
  }
  function reply(id, payload, error) {
    if (!iframe.contentWindow) return;
    iframe.contentWindow.postMessage({ source: TAG, type: "reply", id: id, payload: payload, error: error }, config.appOrigin);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k.indexOf("on") === 0) node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== false && attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function stripEmbedded(path) {
    var u = new URL(path, config.appOrigin);
    ["embedded", "id_token", "hmac", "host", "shop", "session", "timestamp", "locale"].forEach(function (k) {
      u.searchParams.delete(k);
    });
    return u.pathname + u.search;
  }

  // ------------------------------------------------------------------ navigation
  function navigate(href) {
    if (saveBarOpen) return shakeSaveBar();
    post("navigate", { href: href });
  }
  function isActive(href) {
    var path = currentPath.split("?")[0];
    if (href === homeHref) return path === homeHref || path === homeHref + "/";
    return path === href || path.indexOf(href + "/") === 0;
  }
  function renderNav() {
    subnav.textContent = "";
    navItems.forEach(function (item) {
      if (item.home) return;
      var a = el("a", {
        href: config.appBase + item.href,
        "data-href": item.href,
        class: isActive(item.href) ? "active" : "",
        "aria-current": isActive(item.href) ? "page" : null,
        text: item.label,
        onclick: function (e) {
          e.preventDefault();
          navigate(item.href);
        },
      });
      subnav.appendChild(el("li", {}, [a]));
    });
    home.classList.toggle("active", isActive(homeHref));
  }
  home.addEventListener("click", function (e) {
    e.preventDefault();
    navigate(homeHref);
  });

  // ------------------------------------------------------------------ title bar and save bar
  function renderTitleBar(tb) {
    titleText.textContent = (tb && tb.title) || config.appName;
    titleActions.textContent = "";
    if (!tb) return;
    var buttons = tb.buttons.slice();
    var breadcrumb = buttons.filter(function (b) {
      return b.variant === "breadcrumb";
    })[0];
    if (breadcrumb) {
      var crumb = el("a", {
        class: "breadcrumb",
        href: config.appBase + (breadcrumb.href || ""),
        text: breadcrumb.label,
        onclick: function (e) {
          e.preventDefault();
          if (breadcrumb.href) navigate(breadcrumb.href);
          else post("titleBarAction", { index: breadcrumb.index });
        },
      });
      titleText.textContent = "";
      titleText.appendChild(crumb);
      titleText.appendChild(el("span", { class: "crumb-sep", text: "›" }));
      titleText.appendChild(document.createTextNode(tb.title || ""));
    }
    buttons
      .filter(function (b) {
        return b.variant !== "breadcrumb";
      })
      .sort(function (a, b) {
        return (a.variant === "primary") - (b.variant === "primary");
      })
      .forEach(function (b) {
        titleActions.appendChild(
          el("button", {
            type: "button",
            class: "btn" + (b.variant === "primary" ? " primary" : "") + (b.tone === "critical" ? " critical" : ""),
            disabled: b.disabled || b.loading,
            text: b.loading ? b.label + "…" : b.label,
            onclick: function () {
              if (b.href) navigate(b.href);
              else post("titleBarAction", { index: b.index });
            },
          }),
        );
      });
  }
  function renderSaveBar(sb) {
    saveBarOpen = Boolean(sb);
    savebar.hidden = !sb;
    document.getElementById("topbar").hidden = Boolean(sb);
    savebarActions.textContent = "";
    if (!sb) return;
    var buttons = sb.buttons.slice();
    if (!buttons.length) {
      buttons = [{ index: -1, label: "Discard" }, { index: -2, label: "Save", variant: "primary" }];
    }
    buttons
      .sort(function (a, b) {
        return (a.variant === "primary") - (b.variant === "primary");
      })
      .forEach(function (b) {
        savebarActions.appendChild(
          el("button", {
            type: "button",
            class: "btn" + (b.variant === "primary" ? " save" : " discard"),
            disabled: b.disabled || b.loading,
            text: b.label || (b.variant === "primary" ? "Save" : "Discard"),
            onclick: function () {
              post("saveBarAction", { index: b.index });
            },
          }),
        );
      });
  }
  function shakeSaveBar() {
    savebar.classList.remove("shake");
    void savebar.offsetWidth;
    savebar.classList.add("shake");
  }

  // ------------------------------------------------------------------ toasts and loading
  var toastTimers = {};
  function showToast(t) {
    var node = el("div", { class: "toast" + (t.isError ? " error" : ""), role: t.isError ? "alert" : "status", "data-toast-id": t.id }, [
      el("span", { text: t.message }),
      el("button", { type: "button", class: "toast-close", "aria-label": "Dismiss", text: "×", onclick: function () { hideToast(t.id); } }),
    ]);
    toasts.appendChild(node);
    toastTimers[t.id] = setTimeout(function () {
      hideToast(t.id);
    }, Math.max(2000, t.duration || 5000));
  }
  function hideToast(id) {
    clearTimeout(toastTimers[id]);
    var node = toasts.querySelector('[data-toast-id="' + id + '"]');
    if (node) node.remove();
  }

  // ------------------------------------------------------------------ resource picker
  function openPicker(id, opts) {
    var selected = new Map();
    var items = [];
    var noun = opts.type === "collection" ? "collections" : opts.type === "variant" ? "variants" : "products";
    var verb = opts.action === "select" ? "Select" : "Add";
    var search = el("input", { type: "search", class: "picker-search", placeholder: "Search " + noun, "aria-label": "Search " + noun, value: opts.query || "" });
    var list = el("ul", { class: "picker-list", role: "listbox", "aria-multiselectable": opts.multiple ? "true" : "false" });
    var count = el("span", { class: "picker-count" });
    var confirm = el("button", { type: "button", class: "btn primary", text: verb, disabled: true });
    function close(result) {
      picker.hidden = true;
      picker.textContent = "";
      document.removeEventListener("keydown", onKey);
      reply(id, result);
    }
    function onKey(e) {
      if (e.key === "Escape") close(null);
    }
    function update() {
      count.textContent = selected.size + " " + (selected.size === 1 ? noun.replace(/s$/, "") : noun) + " selected";
      confirm.disabled = selected.size === 0;
    }
    function render() {
      list.textContent = "";
      if (!items.length) list.appendChild(el("li", { class: "picker-empty", text: "No " + noun + " found" }));
      items.forEach(function (item) {
        var checked = selected.has(item.id);
        var input = el("input", { type: opts.multiple ? "checkbox" : "radio", name: "picker-choice", checked: checked, "aria-label": item.title });
        input.checked = checked;
        var img = item.images && item.images[0] ? el("img", { src: item.images[0].originalSrc, alt: "" }) : el("span", { class: "picker-noimg", "aria-hidden": "true", text: "▢" });
        var meta = opts.type === "collection" ? item.productsCount + " products" : item.handle;
        var row = el("li", { class: "picker-row" + (checked ? " checked" : ""), role: "option", "aria-selected": checked ? "true" : "false" }, [
          el("label", {}, [input, img, el("span", { class: "picker-title" }, [el("strong", { text: item.title }), el("small", { text: meta })])]),
        ]);
        input.addEventListener("change", function () {
          if (!opts.multiple) selected.clear();
          if (input.checked) selected.set(item.id, item);
          else selected.delete(item.id);
          render();
          update();
        });
        list.appendChild(row);
      });
    }
    var timer = null;
    function load() {
      fetch("/api/resources?type=" + encodeURIComponent(opts.type) + "&query=" + encodeURIComponent(search.value))
        .then(function (r) {
          return r.json();
        })
        .then(function (data) {
          items = data;
          (opts.selectionIds || []).forEach(function (sid) {
            var found = items.filter(function (i) {
              return i.id === sid;
            })[0];
            if (found && !selected.has(sid)) selected.set(sid, found);
          });
          render();
          update();
        });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    confirm.addEventListener("click", function () {
      close(Array.from(selected.values()));
    });
    picker.textContent = "";
    picker.appendChild(
      el("div", { class: "picker-dialog", role: "dialog", "aria-modal": "true", "aria-label": verb + " " + noun }, [
        el("header", {}, [el("h2", { text: verb + " " + noun }), el("button", { type: "button", class: "picker-x", "aria-label": "Close", text: "×", onclick: function () { close(null); } })]),
        el("div", { class: "picker-body" }, [search, list]),
        el("footer", {}, [count, el("span", { class: "spacer" }), el("button", { type: "button", class: "btn", text: "Cancel", onclick: function () { close(null); } }), confirm]),
      ]),
    );
    picker.hidden = false;
    document.addEventListener("keydown", onKey);
    search.focus();
    load();
  }

  // ------------------------------------------------------------------ the app's messages
  window.addEventListener("message", function (event) {
    if (event.origin !== config.appOrigin || event.source !== iframe.contentWindow) return;
    var msg = event.data;
    if (!msg || msg.source !== TAG) return;
    var p = msg.payload || {};
    switch (msg.type) {
      case "idToken":
        fetch("/api/session-token", { method: "POST" })
          .then(function (r) {
            if (!r.ok) throw new Error("session token request failed: HTTP " + r.status);
            return r.json();
          })
          .then(
            function (body) {
              reply(msg.id, body.token);
            },
            function (error) {
              reply(msg.id, null, String(error && error.message));
            },
          );
        break;
      case "navMenu":
        navItems = p.items || [];
        var homeItem = navItems.filter(function (i) {
          return i.home;
        })[0];
        if (homeItem) homeHref = homeItem.href;
        renderNav();
        break;
      case "titleBar":
        renderTitleBar(msg.payload);
        break;
      case "saveBar":
        renderSaveBar(msg.payload);
        break;
      case "saveBarShake":
        shakeSaveBar();
        break;
      case "toast":
        showToast(p);
        break;
      case "toastHide":
        hideToast(p.id);
        break;
      case "loading":
        loadingBar.hidden = !p.on;
        break;
      case "resourcePicker":
        openPicker(msg.id, p);
        break;
      case "location":
        currentPath = stripEmbedded(p.path);
        history.replaceState(null, "", config.appBase + currentPath);
        renderNav();
        break;
      case "openUrl":
        var m = /^shopify:\/*admin\/(.*)$/i.exec(p.url || "");
        if (m) {
          location.href = "/store/" + config.store + "/" + m[1].replace(/^\/+/, "");
        } else if ((p.url || "").indexOf(config.appOrigin) === 0) {
          iframe.src = p.url;
        } else {
          window.open(p.url, "_blank", "noopener");
        }
        break;
      default:
        break;
    }
  });
})();
