// History export: fetches the file, shows how much has arrived in the progress element, then saves it. Returns at once
// (the download can outlast any interop timeout); the element says when it is done or failed.
export function download(url, progressId, doneText, failText) {
  run(url, progressId, doneText, failText);
}

async function run(url, progressId, doneText, failText) {
  const progress = document.getElementById(progressId);
  const show = text => { if (progress) { progress.textContent = text; } };
  const size = bytes => bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.ceil(bytes / 1024) + ' KB';
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok || !response.body) { show(failText); return; }
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { break; }
      chunks.push(value);
      received += value.length;
      show(progress?.dataset.exporting?.replace('{0}', size(received)) ?? size(received));
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : (plain ? plain[1] : 'history');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    show(doneText.replace('{0}', size(received)));
    if (progress) { progress.dataset.state = 'done'; }
  } catch {
    show(failText);
    if (progress) { progress.dataset.state = 'failed'; }
  }
}
