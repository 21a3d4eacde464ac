// After a message's tel: link is tapped the phone app takes over and the page is hidden; when it is shown again
// (visibilitychange), the page asks how the call went (CallbackPrompt). Listeners are attached here, never inline (CSP
// script-src 'self'). The pending call is kept in sessionStorage too: a phone may drop the page during the call and
// reload it on return.
const key = 'dashboard.pendingCallback';
const maxAgeMs = 2 * 60 * 60 * 1000;
let pending = null;
let handlers = null;

function save() {
  try {
    if (pending) sessionStorage.setItem(key, JSON.stringify(pending)); else sessionStorage.removeItem(key);
  } catch { /* private mode: memory only */ }
}

function load() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return stored && stored.left && Date.now() - stored.at < maxAgeMs ? stored : null;
  } catch {
    return null;
  }
}

export function watch(dotnet) {
  stop();
  const report = () => {
    if (!pending || !pending.left || document.visibilityState !== 'visible') return;
    const call = pending;
    pending = null;
    save();
    dotnet.invokeMethodAsync('CallEnded', call.id, Math.max(0, Date.now() - call.at)).catch(() => {});
  };
  const onClick = event => {
    const link = event.target instanceof Element ? event.target.closest('a[data-callback-message]') : null;
    if (link) {
      pending = { id: link.dataset.callbackMessage, at: Date.now(), left: false };
      save();
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') {
      if (pending) {
        pending.left = true;
        save();
      }
    } else {
      report();
    }
  };
  handlers = { onClick, onVisibility };
  document.addEventListener('click', onClick, true);
  document.addEventListener('visibilitychange', onVisibility);
  // Says the page is listening (a test waits on it instead of guessing when the circuit is up).
  document.documentElement.dataset.callbackWatch = 'on';
  // Reloaded after the call: the page was left, so ask now.
  const stored = load();
  if (stored) {
    pending = stored;
    report();
  }
}

export function stop() {
  if (!handlers) return;
  document.removeEventListener('click', handlers.onClick, true);
  document.removeEventListener('visibilitychange', handlers.onVisibility);
  delete document.documentElement.dataset.callbackWatch;
  handlers = null;
}
