// The demo page: the API key stays in this tab's memory (and sessionStorage), never in a URL.
(function () {
  'use strict';
  const STYLES = ['corporate', 'studio', 'outdoor', 'office', 'creative', 'monochrome', 'warm', 'tech'];
  const $ = (id) => document.getElementById(id);
  const keyInput = $('key');
  let source = null;
  let jobId = null;
  const objectUrls = [];

  keyInput.value = sessionStorage.getItem('apiKey') || '';
  keyInput.addEventListener('change', () => sessionStorage.setItem('apiKey', keyInput.value));

  const styles = $('styles');
  STYLES.forEach((name, i) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'styles';
    box.value = name;
    box.checked = i === 0;
    label.append(box, ' ' + name);
    styles.append(label);
  });

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
    watch(await response.json());
  }

  function show(job) {
    $('job').hidden = false;
    $('job-id').textContent = job.id;
    $('job-status').textContent = job.status;
    $('job-progress').value = job.progress ? job.progress.percent : 0;
    $('job-error').textContent = job.error ? job.error.code + ': ' + job.error.message : '';
    const outputs = $('outputs');
    const shown = new Set(Array.from(outputs.children).map((f) => f.dataset.name));
    (job.outputs || []).filter((o) => !shown.has(o.name)).forEach(async (output) => {
      const figure = document.createElement('figure');
      figure.dataset.name = output.name;
      const img = document.createElement('img');
      img.alt = output.name;
      const caption = document.createElement('figcaption');
      const link = document.createElement('a');
      link.textContent = output.name + (output.width ? ' (' + output.width + 'x' + output.height + ')' : '');
      caption.append(link);
      figure.append(img, caption);
      outputs.append(figure);
      // Outputs need the key, so they are fetched here and shown from a blob URL.
      const response = await fetch(output.url, { headers: headers() });
      if (response.ok) {
        const url = URL.createObjectURL(await response.blob());
        objectUrls.push(url);
        img.src = url;
        link.href = url;
        link.download = output.name;
      }
    });
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
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
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
          if (name === 'deleted') {
            $('job').hidden = true;
          } else if (data) {
            show(JSON.parse(data));
          }
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') say('The event stream broke: ' + e.message);
    }
  }

  function stop() {
    if (source) source.abort();
    source = null;
    objectUrls.splice(0).forEach((u) => URL.revokeObjectURL(u));
  }

  $('upscale').addEventListener('submit', (e) => submit(e, '/v1/upscales'));
  $('headshots').addEventListener('submit', (e) => submit(e, '/v1/headshots'));
  $('delete').addEventListener('click', async () => {
    if (!jobId) return;
    const response = await fetch('/v1/jobs/' + jobId, { method: 'DELETE', headers: headers() });
    if (response.status === 204) {
      stop();
      $('job').hidden = true;
      say('Deleted.');
    } else {
      say(await problem(response));
    }
  });
})();
