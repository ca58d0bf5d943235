// The dashboard's controls as plain, accessible HTML (an anywidget, see widgets.py: Panel).
//
// `spec` lists the controls, each {kind, name, label, ...}:
//   select  {options: [[label, value], ...]}           a <select> with its <label>
//   checks  {options}                                   checkboxes in a <fieldset> with a <legend>
//   choice  {options}                                   one of several: buttons with aria-pressed, in a fieldset
//   years   {min, max, from_label, to_label}            two visible number fields in a fieldset
//   search  {placeholder}                               a search field with its <label>
//   reset   {}                                          a button that brings back `defaults`
//   hint    {}                                          a line of text
// A reader's change sets `choice` (name -> value) and `busy` in one message; the kernel answers
// with `output` and `busy` cleared, in one message.

let panels = 0;

function render({ model, el }) {
  const id = `ss-panel-${++panels}`;
  const form = document.createElement("form");
  form.className = "ss-controls";
  form.addEventListener("submit", (event) => event.preventDefault());
  const status = document.createElement("p");
  status.className = "ss-status";
  status.setAttribute("role", "status");
  const out = document.createElement("div");
  out.className = "ss-output";
  el.classList.add("ss-panel");
  if (model.get("output_first")) el.append(out, form, status);
  else el.append(form, status, out);
  let setters = {};

  const send = (name, value) => {
    model.set("choice", { ...model.get("choice"), [name]: value });
    model.set("busy", true);
    model.save_changes();
  };
  const make = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const group = (field) => {
    const fieldset = make("fieldset", { className: `ss-field ss-field-${field.name}` });
    fieldset.append(make("legend", {}, field.label));
    return fieldset;
  };

  const builders = {
    select(field) {
      const select = make("select", { id: `${id}-${field.name}` });
      for (const [label, value] of field.options) select.append(make("option", { value }, label));
      select.addEventListener("change", () => send(field.name, select.value));
      setters[field.name] = (value) => { select.value = value; };
      return make("div", { className: `ss-field ss-field-${field.name}` },
        make("label", { htmlFor: select.id }, field.label), select);
    },
    checks(field) {
      const fieldset = group(field);
      const boxes = field.options.map(([label, value]) => {
        const box = make("input", { type: "checkbox", value });
        box.addEventListener("change", () =>
          send(field.name, boxes.filter((b) => b.checked).map((b) => b.value)));
        fieldset.append(make("label", { className: "ss-check" }, box, " ", label));
        return box;
      });
      setters[field.name] = (values) => boxes.forEach((b) => { b.checked = values.includes(b.value); });
      return fieldset;
    },
    choice(field) {
      const fieldset = group(field);
      const buttons = field.options.map(([label, value]) => {
        const button = make("button", { type: "button", className: "ss-toggle" }, label);
        button.dataset.value = value;
        button.addEventListener("click", () => send(field.name, value));
        fieldset.append(button);
        return button;
      });
      setters[field.name] = (value) =>
        buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.value === value)));
      return fieldset;
    },
    years(field) {
      const fieldset = group(field);
      const inputs = [field.from_label, field.to_label].map((label) => {
        const input = make("input", { type: "number", min: field.min, max: field.max, step: 1 });
        input.addEventListener("change", () => {
          const [first, last] = inputs.map((i) => Math.min(field.max, Math.max(field.min, Number(i.value))));
          send(field.name, [Math.min(first, last), Math.max(first, last)]);
        });
        fieldset.append(make("label", { className: "ss-year" }, `${label} `, input));
        return input;
      });
      setters[field.name] = (values) => inputs.forEach((input, i) => { input.value = values[i]; });
      return fieldset;
    },
    search(field) {
      const input = make("input", { type: "search", id: `${id}-${field.name}`, placeholder: field.placeholder });
      let timer;
      input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => send(field.name, input.value), 250);
      });
      setters[field.name] = (value) => { if (input.value !== value) input.value = value; };
      return make("div", { className: `ss-field ss-field-${field.name}` },
        make("label", { htmlFor: input.id }, field.label), input);
    },
    reset(field) {
      const button = make("button", { type: "button", className: "ss-reset" }, field.label);
      button.addEventListener("click", () => {
        model.set("choice", structuredClone(model.get("defaults")));
        model.set("busy", true);
        model.save_changes();
      });
      return button;
    },
    hint(field) {
      return make("p", { className: "ss-hint" }, field.label);
    },
  };

  const build = () => {
    const focused = form.contains(document.activeElement) ? document.activeElement.closest("[class*=ss-field-]") : null;
    const again = focused ? [...focused.classList].find((c) => c.startsWith("ss-field-")) : null;
    setters = {};
    form.replaceChildren(...model.get("spec").map((field) => builders[field.kind](field)));
    sync();
    if (again) form.querySelector(`.${again} button[aria-pressed=true], .${again} input, .${again} select`)?.focus();
  };
  const sync = () => {
    const choice = model.get("choice");
    for (const [name, set] of Object.entries(setters)) if (name in choice) set(choice[name]);
  };
  const busy = () => {
    const on = model.get("busy");
    el.classList.toggle("ss-busy", on);
    out.setAttribute("aria-busy", String(on));
    status.textContent = on ? model.get("busy_text") : "";
  };
  const page = () => {
    if (model.get("page_lang")) document.documentElement.lang = model.get("page_lang");
    if (model.get("page_title")) document.title = model.get("page_title");
  };

  model.on("change:spec", build);
  model.on("change:choice", sync);
  model.on("change:busy", busy);
  // A chart's PNG download takes the chart's own image (page.py: Download.chart).
  const show = () => {
    out.innerHTML = model.get("output");
    for (const link of out.querySelectorAll("a[data-chart]")) {
      const image = out.querySelector(`.${link.dataset.chart} img`);
      if (image) link.href = image.src;
    }
  };
  model.on("change:output", show);
  // A table's file is made when asked for: the link asks the kernel, which sends the bytes back.
  out.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-file]");
    if (!link || link.dataset.ready) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    model.send({ download: link.dataset.file });
  });
  model.on("msg:custom", (message, buffers) => {
    const link = [...out.querySelectorAll("a[data-file]")].find((a) => a.dataset.file === message.download);
    if (!link) return;
    link.href = URL.createObjectURL(new Blob([buffers[0]]));
    link.dataset.ready = "true";
    link.removeAttribute("aria-busy");
    link.click();
  });
  model.on("change:page_lang", page);
  model.on("change:page_title", page);
  build();
  busy();
  show();
  page();
  // Only now may the kernel make pages ahead (widgets.View): it must answer the page's widgets first.
  model.send({ shown: true });
}

export default { render };
