/*
 * Fitting Room — local App Bridge stand-in (DEMO AND TESTS ONLY).
 *
 * Served by the local admin frame (local/demo/admin-frame.ts) and loaded by the app only when
 * APP_BRIDGE_URL points here; production loads Shopify's App Bridge from its CDN. It reproduces the
 * parts of App Bridge v4 the app uses, talking to the parent "admin" page over postMessage the way the
 * real one talks to Shopify admin:
 *   - shopify.idToken(): a session token minted by the admin frame (HS256, signed with the app secret);
 *   - Authorization: Bearer <token> on the app's own same-origin fetch calls (Remix data requests),
 *     with one retry on X-Shopify-Retry-Invalid-Session-Request and the reauthorize header honoured;
 *   - the bounce page (/auth/session-token?shopify-reload=…): fetch a token, reload with id_token;
 *   - shopify.toast, shopify.loading, shopify.saveBar + <ui-save-bar>, shopify.modal + <ui-modal>,
 *     shopify.resourcePicker, <ui-nav-menu> / <s-app-nav> and <ui-title-bar> rendered by the admin frame,
 *     and navigation (the `shopify:navigate` event the app listens to).
 *
 * One file on purpose: Shopify's App Bridge is a single classic script the app loads first and
 * synchronously (no bundler, no modules), and this stand-in is loaded the same way in its place.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var apiKey = (script && script.getAttribute("data-api-key")) || "";
  var frameOrigin = script ? new URL(script.src, location.href).origin : location.origin;
  var TAG = "fitting-room-app-bridge";
  var params = new URLSearchParams(location.search);

  // Shop and host arrive on the first document URL; remember them for later client-side navigations.
  var shop = params.get("shop") || sessionStorage.getItem("ab:shop") || "";
  var host = params.get("host") || sessionStorage.getItem("ab:host") || "";
  if (shop) sessionStorage.setItem("ab:shop", shop);
  if (host) sessionStorage.setItem("ab:host", host);

  // Opened outside the admin frame: go to the admin, which embeds the app (like App Bridge does).
  if (window.top === window) {
    var path = location.pathname + location.search;
    var clean = new URL(path, location.origin);
    ["embedded", "id_token", "hmac", "host", "shop", "session", "timestamp", "locale"].forEach(function (k) {
      clean.searchParams.delete(k);
    });
    location.replace(frameOrigin + "/apps/fitting-room" + clean.pathname + clean.search);
    return;
  }

  // ---------------------------------------------------------------- messaging with the admin frame
  var seq = 0;
  var pending = new Map();
  function send(type, payload) {
    window.parent.postMessage({ source: TAG, type: type, payload: payload }, frameOrigin);
  }
  function request(type, payload) {
    var id = ++seq;
    return new Promise(function (resolve, reject) {
      pending.set(id, { resolve: resolve, reject: reject });
      window.parent.postMessage({ source: TAG, type: type, id: id, payload: payload }, frameOrigin);
    });
  }

  // ---------------------------------------------------------------- session tokens
  var cachedToken = null;
  var cachedExp = 0;
  var inflight = null;
  function decodeExp(token) {
    try {
      var body = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(body)).exp * 1000;
    } catch (_e) {
      return 0;
    }
  }
  function idToken(force) {
    if (!force && cachedToken && Date.now() < cachedExp - 10000) return Promise.resolve(cachedToken);
    if (!inflight) {
      inflight = request("idToken", {}).then(
        function (token) {
          inflight = null;
          cachedToken = token;
          cachedExp = decodeExp(token);
          return token;
        },
        function (error) {
          inflight = null;
          throw error;
        },
      );
    }
    return inflight;
  }

  // ---------------------------------------------------------------- fetch: Authorization on same-origin calls
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var req = new Request(input, init);
    if (new URL(req.url, location.href).origin !== location.origin) return originalFetch(input, init);
    var retryCopy = req.clone();
    return withToken(req, false).then(function (res) {
      if (res.status === 401 && res.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
        return withToken(retryCopy, true).then(handleReauthorize);
      }
      return handleReauthorize(res);
    });
  };
  function withToken(req, force) {
    if (req.headers.has("Authorization")) return originalFetch(req);
    return idToken(force).then(function (token) {
      var headers = new Headers(req.headers);
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(new Request(req, { headers: headers }));
    });
  }
  function handleReauthorize(res) {
    var url = res.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
    if (url) navigateTop(url);
    return res;
  }
  function navigateTop(url) {
    var u = new URL(url, location.href);
    if (u.origin === location.origin) location.assign(u.toString());
    else send("openUrl", { url: u.toString() });
  }

  // window.open(url, "_top") leaves the frame; shopify:admin/... opens an admin page.
  var originalOpen = window.open.bind(window);
  window.open = function (url, target, features) {
    var href = String(url || "");
    if (/^shopify:/i.test(href) || target === "_top" || target === "_parent") {
      send("openUrl", { url: href, target: target || "_top" });
      return null;
    }
    return originalOpen(url, target, features);
  };

  // ---------------------------------------------------------------- toast, loading, resource picker
  var toastSeq = 0;
  var toast = {
    show: function (message, opts) {
      var id = "toast-" + ++toastSeq;
      send("toast", { id: id, message: String(message), isError: Boolean(opts && opts.isError), duration: (opts && opts.duration) || 5000 });
      return id;
    },
    hide: function (id) {
      send("toastHide", { id: id });
    },
  };
  function loading(on) {
    send("loading", { on: on !== false });
  }
  function resourcePicker(options) {
    var o = options || {};
    return request("resourcePicker", {
      type: o.type || "product",
      multiple: o.multiple === undefined ? false : o.multiple,
      action: o.action || "add",
      query: (o.filter && o.filter.query) || "",
      selectionIds: (o.selectionIds || []).map(function (s) {
        return typeof s === "string" ? s : s.id;
      }),
    }).then(function (selection) {
      if (!selection) return undefined;
      var result = selection.slice();
      result.selection = selection;
      return result;
    });
  }

  // ---------------------------------------------------------------- custom elements
  function buttonsOf(el) {
    var list = [];
    el.querySelectorAll("button, a").forEach(function (b) {
      if (b.closest("ui-modal") !== el.closest("ui-modal")) return;
      list.push(b);
    });
    return list;
  }
  function describeButton(b, index) {
    return {
      index: index,
      label: (b.textContent || "").trim(),
      variant: b.getAttribute("variant") || "",
      tone: b.getAttribute("tone") || "",
      disabled: b.hasAttribute("disabled") && b.getAttribute("disabled") !== "false",
      loading: b.hasAttribute("loading") && b.getAttribute("loading") !== "false",
      href: b.tagName === "A" ? b.getAttribute("href") : null,
    };
  }
  function observe(el, fn) {
    var scheduled = false;
    var run = function () {
      if (scheduled) return;
      scheduled = true;
      setTimeout(function () {
        scheduled = false;
        if (el.isConnected) fn();
      }, 0);
    };
    var mo = new MutationObserver(run);
    mo.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
    run();
    return mo;
  }
  function define(name, cls) {
    if (!customElements.get(name)) customElements.define(name, cls);
  }

  // App Bridge's elements are configuration, not content: a shadow root without a slot hides their
  // children without touching the light DOM (which React hydrates).
  function hideChildren(el) {
    if (!el.shadowRoot) el.attachShadow({ mode: "open" });
  }

  // Navigation menu: <ui-nav-menu><a href rel="home">…</a><a href>…</a></ui-nav-menu> (and <s-app-nav>).
  class NavElement extends HTMLElement {
    connectedCallback() {
      const el = this; // eslint-disable-line @typescript-eslint/no-this-alias -- read inside the observer callback
      hideChildren(el);
      el._mo = observe(el, function () {
        var items = [];
        el.querySelectorAll("a, s-link").forEach(function (a) {
          items.push({ label: (a.textContent || "").trim(), href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" });
        });
        send("navMenu", { items: items });
      });
    }
    disconnectedCallback() {
      if (this._mo) this._mo.disconnect();
    }
  }
  define("ui-nav-menu", NavElement);
  define("s-app-nav", class extends NavElement {});

  // Title bar: <ui-title-bar title="…"><button variant="primary">…</button><a variant="breadcrumb">…</a></ui-title-bar>
  var titleBars = [];
  function publishTitleBar() {
    var live = titleBars.filter(function (t) {
      return t.isConnected && !t.closest("ui-modal");
    });
    var current = live[live.length - 1];
    if (!current) return send("titleBar", null);
    var buttons = buttonsOf(current).map(describeButton);
    send("titleBar", { title: current.getAttribute("title") || "", buttons: buttons });
  }
  define(
    "ui-title-bar",
    class extends HTMLElement {
      connectedCallback() {
        hideChildren(this);
        titleBars.push(this);
        this._mo = observe(this, publishTitleBar);
      }
      disconnectedCallback() {
        if (this._mo) this._mo.disconnect();
        titleBars = titleBars.filter((t) => t !== this);
        publishTitleBar();
      }
    },
  );

  // Save bar: <ui-save-bar id="…"><button variant="primary">Save</button><button>Discard</button></ui-save-bar>
  var saveBars = new Set();
  function publishSaveBar() {
    var open = Array.from(saveBars).filter(function (s) {
      return s.isConnected && s._open;
    });
    var current = open[open.length - 1];
    if (!current) return send("saveBar", null);
    send("saveBar", { id: current.id || "", buttons: buttonsOf(current).map(describeButton) });
  }
  define(
    "ui-save-bar",
    class extends HTMLElement {
      constructor() {
        super();
        this._open = false;
      }
      connectedCallback() {
        hideChildren(this);
        saveBars.add(this);
        if (this.hasAttribute("open")) this._open = true;
        this._mo = observe(this, publishSaveBar);
      }
      disconnectedCallback() {
        if (this._mo) this._mo.disconnect();
        saveBars.delete(this);
        publishSaveBar();
      }
      get showing() {
        return this._open;
      }
      show() {
        if (this._open) return Promise.resolve();
        this._open = true;
        publishSaveBar();
        this.dispatchEvent(new Event("show"));
        return Promise.resolve();
      }
      hide() {
        if (!this._open) return Promise.resolve();
        this._open = false;
        publishSaveBar();
        this.dispatchEvent(new Event("hide"));
        return Promise.resolve();
      }
      toggle() {
        return this._open ? this.hide() : this.show();
      }
    },
  );

  // Modal: <ui-modal id="…"><ui-title-bar title="…"><button variant="primary">…</button></ui-title-bar>…</ui-modal>.
  // Drawn as an overlay inside the app frame; `content` is where App Bridge React portals the body.
  var MODAL_CSS =
    ".ab-modal-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:flex-start;justify-content:center;padding:64px 16px;z-index:2147483000}" +
    ".ab-modal{background:#fff;border-radius:12px;box-shadow:0 20px 40px rgba(0,0,0,.25);width:100%;max-width:620px;display:flex;flex-direction:column;max-height:calc(100vh - 128px);font:14px/1.4 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Inter',sans-serif;color:#303030}" +
    ".ab-modal header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:#f3f3f3;border-bottom:1px solid #e3e3e3;border-radius:12px 12px 0 0}" +
    ".ab-modal header h2{margin:0;font-size:14px;font-weight:650}" +
    ".ab-modal header button{border:0;background:transparent;font-size:20px;line-height:1;cursor:pointer;color:#616161;padding:4px 8px;border-radius:8px}" +
    ".ab-modal header button:hover{background:#e3e3e3}" +
    ".ab-modal .ab-modal-body{overflow:auto}" +
    ".ab-modal footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}" +
    ".ab-modal footer button{font:inherit;font-weight:550;padding:6px 12px;border-radius:8px;border:0;cursor:pointer;background:#fff;box-shadow:0 0 0 1px #d4d4d4 inset,0 -1px 0 #cccccc inset;color:#303030}" +
    ".ab-modal footer button.primary{background:#303030;color:#fff;box-shadow:0 -1px 0 #000 inset}" +
    ".ab-modal footer button.critical{background:#c70a24;color:#fff;box-shadow:none}" +
    ".ab-modal footer button[disabled]{opacity:.5;cursor:default}";
  define(
    "ui-modal",
    class extends HTMLElement {
      constructor() {
        super();
        this._open = false;
        this.content = document.createElement("div");
        this.content.className = "ab-modal-content";
      }
      connectedCallback() {
        hideChildren(this);
        this._mo = observe(this, () => this._render());
        if (this.hasAttribute("open")) setTimeout(() => this.show(), 0);
      }
      disconnectedCallback() {
        if (this._mo) this._mo.disconnect();
        if (this._backdrop) this._backdrop.remove();
      }
      _build() {
        const self = this; // eslint-disable-line @typescript-eslint/no-this-alias -- used by DOM event handlers
        // Built on first show (after hydration): nothing is added to the document React hydrates.
        var backdrop = document.createElement("div");
        backdrop.className = "ab-modal-backdrop";
        var style = document.createElement("style");
        style.textContent = MODAL_CSS;
        backdrop.appendChild(style);
        var dialog = document.createElement("div");
        dialog.className = "ab-modal";
        dialog.setAttribute("role", "dialog");
        dialog.setAttribute("aria-modal", "true");
        var header = document.createElement("header");
        var h2 = document.createElement("h2");
        h2.id = "ab-modal-title-" + Math.random().toString(36).slice(2);
        dialog.setAttribute("aria-labelledby", h2.id);
        var close = document.createElement("button");
        close.type = "button";
        close.setAttribute("aria-label", "Close");
        close.textContent = "×";
        close.onclick = function () {
          self.hide();
        };
        header.append(h2, close);
        var body = document.createElement("div");
        body.className = "ab-modal-body";
        body.appendChild(this.content);
        var footer = document.createElement("footer");
        dialog.append(header, body, footer);
        backdrop.appendChild(dialog);
        backdrop.addEventListener("keydown", function (e) {
          if (e.key === "Escape") self.hide();
        });
        this._backdrop = backdrop;
        this._title = h2;
        this._footer = footer;
      }
      _render() {
        if (!this._backdrop) return;
        var tb = this.querySelector("ui-title-bar");
        this._title.textContent = (tb && tb.getAttribute("title")) || "";
        this._footer.textContent = "";
        var originals = tb ? Array.from(tb.querySelectorAll("button")) : [];
        // Shopify puts the primary action last (right-most).
        originals.sort(function (a, b) {
          return (a.getAttribute("variant") === "primary") - (b.getAttribute("variant") === "primary");
        });
        var footer = this._footer;
        originals.forEach(function (orig) {
          var b = document.createElement("button");
          b.type = "button";
          b.textContent = (orig.textContent || "").trim();
          if (orig.getAttribute("variant") === "primary") b.classList.add("primary");
          if (orig.getAttribute("tone") === "critical") b.classList.add("critical");
          if (orig.hasAttribute("disabled") || orig.hasAttribute("loading")) b.disabled = true;
          b.onclick = function () {
            orig.click();
          };
          footer.appendChild(b);
        });
        footer.style.display = originals.length ? "" : "none";
      }
      get open() {
        return this._open;
      }
      show() {
        if (!this._backdrop) this._build();
        this._render();
        if (!this._backdrop.isConnected) document.body.appendChild(this._backdrop);
        if (!this._open) {
          this._open = true;
          this.dispatchEvent(new Event("show"));
          var first = this._backdrop.querySelector("footer button.primary") || this._backdrop.querySelector("header button");
          if (first) setTimeout(() => first.focus(), 0);
        }
        return Promise.resolve();
      }
      hide() {
        if (this._backdrop) this._backdrop.remove();
        if (this._open) {
          this._open = false;
          this.dispatchEvent(new Event("hide"));
        }
        return Promise.resolve();
      }
      toggle() {
        return this._open ? this.hide() : this.show();
      }
    },
  );

  function byId(id) {
    var el = document.getElementById(id);
    if (!el) return Promise.reject(new Error("No element with id " + id));
    return el;
  }
  var saveBar = {
    show: function (id) {
      return byId(id).show();
    },
    hide: function (id) {
      return byId(id).hide();
    },
    toggle: function (id) {
      return byId(id).toggle();
    },
    leaveConfirmation: function () {
      var open = Array.from(saveBars).some(function (s) {
        return s._open;
      });
      if (open) send("saveBarShake", {});
      return open ? Promise.reject(new Error("unsaved changes")) : Promise.resolve();
    },
  };
  var modal = {
    show: function (id) {
      return byId(id).show();
    },
    hide: function (id) {
      return byId(id).hide();
    },
    toggle: function (id) {
      return byId(id).toggle();
    },
  };

  // ---------------------------------------------------------------- navigation and location
  function dispatchNavigate(href) {
    var anchor = null;
    document.querySelectorAll("ui-nav-menu a, s-app-nav a, s-app-nav s-link").forEach(function (a) {
      if (a.getAttribute("href") === href) anchor = a;
    });
    var temp = null;
    if (!anchor) {
      temp = document.createElement("a");
      temp.setAttribute("href", href);
      temp.style.display = "none";
      document.body.appendChild(temp);
      anchor = temp;
    }
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
    if (temp) temp.remove();
  }
  function publishLocation() {
    send("location", { path: location.pathname + location.search, title: document.title });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(publishLocation, 0);
      return result;
    };
  });
  addEventListener("popstate", publishLocation);

  function clickIn(el, index) {
    var b = el && buttonsOf(el)[index];
    if (b) b.click();
  }

  addEventListener("message", function (event) {
    if (event.origin !== frameOrigin || !event.data || event.data.source !== TAG) return;
    var msg = event.data;
    if (msg.type === "reply") {
      var p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.payload);
      return;
    }
    if (msg.type === "navigate") {
      if (Array.from(saveBars).some(function (s) { return s._open; })) return send("saveBarShake", {});
      dispatchNavigate(msg.payload.href);
    } else if (msg.type === "titleBarAction") {
      var live = titleBars.filter(function (t) {
        return t.isConnected && !t.closest("ui-modal");
      });
      clickIn(live[live.length - 1], msg.payload.index);
    } else if (msg.type === "saveBarAction") {
      var open = Array.from(saveBars).filter(function (s) {
        return s.isConnected && s._open;
      });
      clickIn(open[open.length - 1], msg.payload.index);
    }
  });

  window.shopify = {
    config: { apiKey: apiKey, shop: shop, host: host, locale: "en" },
    origin: frameOrigin,
    ready: Promise.resolve(),
    environment: { embedded: true, mobile: false, pos: false },
    idToken: function () {
      return idToken(false);
    },
    user: function () {
      return Promise.resolve({ id: 1, name: "Demo Merchant", accountAccessLevel: "owner" });
    },
    toast: toast,
    loading: loading,
    resourcePicker: resourcePicker,
    saveBar: saveBar,
    modal: modal,
    __standIn: true,
  };

  // The bounce page: fetch a session token, then reload the requested URL with it.
  if (location.pathname === "/auth/session-token") {
    var reload = params.get("shopify-reload");
    idToken(true).then(function (token) {
      var target = new URL(reload || "/app", location.href);
      if (target.origin !== location.origin) throw new Error("shopify-reload must stay on the app's origin");
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
    return;
  }

  send("ready", { apiKey: apiKey });
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", publishLocation);
  else publishLocation();
})();
