// The web chat of the landing page: talks to the REST channel of this server.
// Bot text is only ever shown with textContent (never parsed as HTML), images only as data: URLs.
(() => {
  "use strict";

  const panel = document.getElementById("chat");
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const fileInput = document.getElementById("chat-file");
  if (!panel || !log || !form || !input || !fileInput) return;

  const language = panel.dataset.lang === "en" ? "en" : "id";
  const words = panel.dataset;
  const MAX_FILE_BYTES = 6 * 1024 * 1024;
  const KEEP_MESSAGES = 80;
  const KEEP_IMAGE_CHARS = 400000;
  const IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;
  const SENDER = /^web-[A-Za-z0-9-]{8,64}$/;

  // Storage may be refused (private windows): the chat then works for this page only.
  function store(kind) {
    try {
      const area = window[kind];
      const probe = "jamsos.probe";
      area.setItem(probe, probe);
      area.removeItem(probe);
      return area;
    } catch (error) {
      const memory = new Map();
      return {
        getItem: (key) => (memory.has(key) ? memory.get(key) : null),
        setItem: (key, value) => memory.set(key, String(value)),
        removeItem: (key) => memory.delete(key),
      };
    }
  }
  const local = store("localStorage");
  const session = store("sessionStorage");

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function senderId() {
    let id = local.getItem("jamsos.sender");
    if (!id || !SENDER.test(id)) {
      id = "web-" + randomId();
      local.setItem("jamsos.sender", id);
    }
    return id;
  }
  const sender = senderId();

  // The transcript of this tab, so switching the page's language keeps the conversation.
  let transcript = [];
  try {
    const kept = JSON.parse(session.getItem("jamsos.transcript") || "[]");
    if (Array.isArray(kept)) transcript = kept.slice(-KEEP_MESSAGES);
  } catch (error) {
    transcript = [];
  }
  function remember(entry) {
    transcript.push(entry);
    transcript = transcript.slice(-KEEP_MESSAGES);
    try {
      session.setItem("jamsos.transcript", JSON.stringify(transcript));
    } catch (error) {
      // Full storage: the transcript is simply not kept.
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function show(who, text, buttons, image, keep) {
    const item = document.createElement("li");
    item.className = "msg " + who;
    if (text) {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      item.appendChild(paragraph);
    }
    const picture = typeof image === "string" && IMAGE.test(image) ? image : null;
    if (picture) {
      const img = document.createElement("img");
      img.src = picture;
      img.alt = words.imageAlt || "";
      img.className = "picture";
      item.appendChild(img);
    }
    const choices = Array.isArray(buttons)
      ? buttons.filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      : [];
    if (choices.length) {
      const row = document.createElement("div");
      row.className = "choices";
      for (const choice of choices) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.title;
        button.dataset.payload = choice.payload;
        row.appendChild(button);
      }
      item.appendChild(row);
    }
    log.appendChild(item);
    scrollDown();
    if (keep !== false) {
      const small = picture && picture.length <= KEEP_IMAGE_CHARS ? picture : null;
      remember({ who: who, text: text || "", buttons: choices, image: small });
    }
    return item;
  }

  for (const entry of transcript) {
    if (entry && typeof entry === "object") {
      show(String(entry.who) === "user" ? "user" : "bot", String(entry.text || ""), entry.buttons, entry.image, false);
    }
  }

  async function post(message, attachments) {
    const body = { sender: sender, message: message, metadata: { language: language } };
    if (attachments) body.attachments = attachments;
    const response = await fetch("/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error("chat answered " + response.status);
    const replies = await response.json();
    return Array.isArray(replies) ? replies : [];
  }

  async function deliver(message, attachments, quiet) {
    if (quiet) {
      await post(message, attachments).catch(() => []);
      return;
    }
    const typing = show("bot typing", words.typing || "…", null, null, false);
    panel.setAttribute("aria-busy", "true");
    try {
      const replies = await post(message, attachments);
      typing.remove();
      for (const reply of replies) {
        if (reply && typeof reply === "object") {
          show("bot", typeof reply.text === "string" ? reply.text : "", reply.buttons, reply.image);
        }
      }
    } catch (error) {
      typing.remove();
      show("error", words.error || "Error", null, null, false);
    } finally {
      panel.removeAttribute("aria-busy");
    }
  }

  // One message at a time, in order: a click while an answer is coming waits its turn.
  let queue = Promise.resolve();
  function enqueue(work) {
    queue = queue.then(work, work);
  }
  function send(message, attachments, quiet) {
    enqueue(() => deliver(message, attachments, quiet));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    show("user", text);
    send(text);
  });

  // Buttons in replies, in the welcome and on the page: the payload goes, the title is shown.
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-payload]") : null;
    if (!target) return;
    event.preventDefault();
    const title = target.dataset.title || target.textContent.trim();
    show("user", title);
    send(target.dataset.payload);
    if (!panel.contains(target)) panel.scrollIntoView({ behavior: "smooth", block: "start" });
    else input.focus({ preventScroll: true });
  });

  async function upload(file) {
    const body = new FormData();
    body.append("sender", sender);
    body.append("file", file, file.name);
    const response = await fetch("/webhooks/rest/upload", { method: "POST", body: body });
    if (response.status === 413) throw new Error(words.tooLarge);
    if (response.status === 422) throw new Error(words.wrongType);
    if (!response.ok) throw new Error(words.uploadFailed);
    const stored = await response.json();
    if (!stored || typeof stored.file_id !== "string") throw new Error(words.uploadFailed);
    return stored.file_id;
  }

  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    show("user", "📎 " + file.name);
    if (file.size > MAX_FILE_BYTES) {
      show("error", words.tooLarge, null, null, false);
      return;
    }
    enqueue(async () => {
      let fileId;
      try {
        fileId = await upload(file);
      } catch (error) {
        show("error", (error && error.message) || words.uploadFailed, null, null, false);
        return;
      }
      await deliver("", [fileId]);
    });
  });

  // The page's language was switched: the bot switches too, with its own language button
  // (its answer shown when this tab has a conversation to go on with, else not).
  const before = local.getItem("jamsos.language");
  local.setItem("jamsos.language", language);
  if (before && before !== language && panel.dataset.switch) {
    send(panel.dataset.switch, null, transcript.length === 0);
  }
})();
