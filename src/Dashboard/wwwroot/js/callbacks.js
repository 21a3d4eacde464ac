// After a message's tel: link is tapped the phone app takes over; when the user comes back to the page, the page asks
// how the call went (CallbackPrompt). Listeners are attached here, never inline (CSP script-src 'self'). The pending call
// is kept in sessionStorage too, because a phone may drop the page while the call lasts and reload it on return.
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
    return stored && Date.now() - stored.at < maxAgeMs ? stored : null;
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
  // Leaving for the phone app hides the page (phone) or takes the window's focus (a desktop's call handler).
  const onLeave = () => {
    if (pending && (document.visibilityState === 'hidden' || !document.hasFocus())) {
      pending.left = true;
      save();
    }
  };
  const onVisibility = () => (document.visibilityState === 'hidden' ? onLeave() : report());
  handlers = { onClick, onLeave, onVisibility, report };
  document.addEventListener('click', onClick, true);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('blur', onLeave);
  window.addEventListener('focus', report);
  // Reloaded after the call: the page was left, so ask now.
  const stored = load();
  if (stored) {
    pending = { ...stored, left: true };
    report();
  }
}

export function stop() {
  if (!handlers) return;
  document.removeEventListener('click', handlers.onClick, true);
  document.removeEventListener('visibilitychange', handlers.onVisibility);
  window.removeEventListener('blur', handlers.onLeave);
  window.removeEventListener('focus', handlers.report);
  handlers = null;
}
