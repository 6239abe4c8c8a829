// The demo page: the API key stays in this tab's memory (and sessionStorage), never in a URL.
(function () {
  'use strict';
  // Used until the catalogue is loaded (it needs the key).
  const DEFAULT_STYLES = ['corporate', 'studio', 'outdoor', 'office', 'creative', 'monochrome', 'warm', 'tech'];
  const TERMINAL = ['succeeded', 'partially_succeeded', 'failed', 'canceled'];
  const PAGE = 12;
  const $ = (id) => document.getElementById(id);
  const keyInput = $('key');
  let source = null;
  let jobId = null;
  let cursor = null;
  // Output URL -> promise of a blob URL: outputs need the key, so they are fetched, not linked.
  const blobs = new Map();

  function headers() {
    return { Authorization: 'Bearer ' + keyInput.value.trim() };
  }

  function say(text) {
    $('message').textContent = text || '';
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail ? body.title + ': ' + body.detail : response.statusText;
    } catch (e) {
      return response.status + ' ' + response.statusText;
    }
  }

  function showStyles(names) {
    const styles = $('styles');
    styles.querySelectorAll('label').forEach((l) => l.remove());
    names.forEach((style, i) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'styles';
      box.value = style.name || style;
      box.checked = i === 0;
      label.append(box, ' ' + box.value);
      if (style.description) label.title = style.description;
      styles.append(label);
    });
  }

  async function loadCatalogue() {
    const response = await fetch('/v1/catalogue', { headers: headers() });
    if (!response.ok) return;
    const catalogue = await response.json();
    const select = $('models');
    const chosen = select.value;
    const offered = catalogue.models.some((m) => m.name === chosen);
    select.replaceChildren(...catalogue.models.map((m) => {
      const option = document.createElement('option');
      option.value = m.name;
      option.textContent = m.name + ' (x' + m.scale + ')';
      option.title = m.description;
      option.selected = offered ? m.name === chosen : m.default;
      return option;
    }));
    showStyles(catalogue.styles);
  }

  function blobUrl(url) {
    if (!blobs.has(url)) {
      blobs.set(url, fetch(url, { headers: headers() }).then(async (response) => {
        if (!response.ok) throw new Error(await problem(response));
        return URL.createObjectURL(await response.blob());
      }));
    }
    return blobs.get(url);
  }

  function forgetBlobs() {
    blobs.forEach((p) => p.then((u) => URL.revokeObjectURL(u), () => {}));
    blobs.clear();
  }

  // A thumbnail of an output with its download link.
  function figureFor(output) {
    const figure = document.createElement('figure');
    figure.dataset.name = output.name;
    const img = document.createElement('img');
    img.alt = output.name;
    const caption = document.createElement('figcaption');
    const link = document.createElement('a');
    link.className = 'download';
    link.textContent = 'Download ' + output.name + (output.width ? ' (' + output.width + 'x' + output.height + ')' : '');
    caption.append(link);
    figure.append(img, caption);
    blobUrl(output.url).then((url) => {
      img.src = url;
      link.href = url;
      link.download = output.name;
    }, (e) => { caption.textContent = 'Could not load ' + output.name + ': ' + e.message; });
    return figure;
  }

  function show(job) {
    $('job').hidden = false;
    $('job-id').textContent = job.id;
    $('job-status').textContent = job.status;
    $('job-status').className = 'status-' + job.status;
    const percent = job.progress ? job.progress.percent : 0;
    $('job-progress').value = percent;
    $('job-percent').textContent = percent + ' %';
    $('job-error').textContent = job.error ? job.error.code + ': ' + job.error.message : '';
    $('cancel').hidden = TERMINAL.includes(job.status);
    const outputs = $('outputs');
    const shown = new Set(Array.from(outputs.children).map((f) => f.dataset.name));
    (job.outputs || []).filter((o) => !shown.has(o.name)).forEach((o) => outputs.append(figureFor(o)));
  }

  // EventSource cannot send headers, so the stream is read with fetch.
  async function watch(job) {
    stop();
    jobId = job.id;
    $('outputs').replaceChildren();
    show(job);
    const controller = new AbortController();
    source = controller;
    try {
      const response = await fetch('/v1/jobs/' + job.id + '/events', { headers: headers(), signal: controller.signal });
      if (!response.ok) {
        say(await problem(response));
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let reconnectAfter = 0; // set by a 'reconnect' event: this replica is shutting down
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
          const name = (block.split('\n').find((l) => l.startsWith('event:')) || '').slice(6).trim();
          const retry = (block.split('\n').find((l) => l.startsWith('retry:')) || '').slice(6).trim();
          if (name === 'deleted') {
            $('job').hidden = true;
          } else if (name === 'reconnect') {
            reconnectAfter = Number(retry) || 1000;
          } else if (data) {
            show(JSON.parse(data));
          }
        }
      }
      if (source === controller && reconnectAfter) {
        // Another replica serves the stream again, starting with the job's full state.
        setTimeout(() => { if (source === controller) watch(job); }, reconnectAfter);
        return;
      }
      if (source === controller) loadGallery(true); // the job ended: its results join the gallery
    } catch (e) {
      if (e.name !== 'AbortError') say('The event stream broke: ' + e.message);
    }
  }

  function stop() {
    if (source) source.abort();
    source = null;
  }

  function card(job) {
    const article = document.createElement('article');
    article.className = 'card';
    article.dataset.jobId = job.id;
    const title = document.createElement('h3');
    const status = document.createElement('span');
    status.className = 'status-' + job.status;
    status.textContent = job.status;
    title.append(job.kind + ' ', status);
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = new Date(job.createdAt).toLocaleString() + ' \u00b7 ' + job.progress.done + '/'
      + job.progress.total + ' outputs \u00b7 deleted by ' + new Date(job.expiresAt).toLocaleString();
    const grid = document.createElement('div');
    grid.className = 'grid';
    (job.outputs || []).forEach((o) => grid.append(figureFor(o)));
    article.append(title, meta, grid);
    return article;
  }

  async function loadGallery(reset) {
    if (!keyInput.value.trim()) return;
    if (reset) cursor = null;
    const query = '?limit=' + PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    const response = await fetch('/v1/jobs' + query, { headers: headers() });
    if (!response.ok) {
      say(await problem(response));
      return;
    }
    const page = await response.json();
    const gallery = $('gallery');
    if (reset) gallery.replaceChildren();
    page.jobs.forEach((job) => gallery.append(card(job)));
    cursor = page.nextCursor || null;
    $('more').hidden = !cursor;
    $('gallery-empty').hidden = gallery.children.length > 0;
  }

  async function submit(event, path) {
    event.preventDefault();
    say('');
    const form = new FormData(event.target);
    if (path === '/v1/headshots') {
      const chosen = form.getAll('styles');
      form.delete('styles');
      form.append('styles', chosen.join(','));
    }
    const response = await fetch(path, { method: 'POST', headers: headers(), body: form });
    if (response.status !== 202) {
      say(await problem(response));
      return;
    }
    const job = await response.json();
    loadGallery(true);
    watch(job);
  }

  let keyInUse = null;
  function useKey() {
    if (keyInput.value === keyInUse) return;
    keyInUse = keyInput.value;
    sessionStorage.setItem('apiKey', keyInput.value);
    forgetBlobs();
    loadCatalogue();
    loadGallery(true);
  }

  showStyles(DEFAULT_STYLES);
  keyInput.value = sessionStorage.getItem('apiKey') || '';
  keyInput.addEventListener('change', useKey);
  if (keyInput.value) useKey();

  $('upscale').addEventListener('submit', (e) => submit(e, '/v1/upscales'));
  $('headshots').addEventListener('submit', (e) => submit(e, '/v1/headshots'));
  $('refresh').addEventListener('click', () => loadGallery(true));
  $('more').addEventListener('click', () => loadGallery(false));
  $('cancel').addEventListener('click', async () => {
    if (!jobId) return;
    const response = await fetch('/v1/jobs/' + jobId + '/cancel', { method: 'POST', headers: headers() });
    if (response.ok) {
      show(await response.json());
      loadGallery(true);
    } else {
      say(await problem(response));
    }
  });
  $('delete').addEventListener('click', async () => {
    if (!jobId) return;
    const response = await fetch('/v1/jobs/' + jobId, { method: 'DELETE', headers: headers() });
    if (response.status === 204) {
      stop();
      $('job').hidden = true;
      say('Deleted.');
      loadGallery(true);
    } else {
      say(await problem(response));
    }
  });
  $('erase').addEventListener('click', async () => {
    if (!confirm('Delete every job, upload and result of this API key now? This cannot be undone.')) return;
    const response = await fetch('/v1/jobs', { method: 'DELETE', headers: headers() });
    if (!response.ok) {
      say(await problem(response));
      return;
    }
    const result = await response.json();
    stop();
    jobId = null;
    $('job').hidden = true;
    forgetBlobs();
    say('Deleted ' + result.deleted + (result.deleted === 1 ? ' job and everything it' : ' jobs and everything they')
      + ' stored.');
    loadGallery(true);
  });
})();
