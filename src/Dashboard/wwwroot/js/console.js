// Operator console: Ctrl+Enter (or Cmd+Enter) saves from any field; drafts live in localStorage so a
// lost connection or reload never loses what the operator typed while on the phone.
export function attach(formId, dotnet) {
  const form = document.getElementById(formId);
  if (!form) return;
  let swallowEnterUp = false;
  // Capture phase, and stopped here: the client list must never take Ctrl+Enter as "pick the highlighted client".
  form.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      // Let the focused field push its latest value first.
      event.target.dispatchEvent(new Event('change', { bubbles: true }));
      swallowEnterUp = true;
      setTimeout(() => dotnet.invokeMethodAsync('SaveFromKeyboardAsync'), 0);
    }
  }, true);
  // The list picks on key-up too: the Enter of a Ctrl+Enter goes nowhere, even if Ctrl was let go first.
  form.addEventListener('keyup', event => {
    if (event.key === 'Enter' && swallowEnterUp) {
      swallowEnterUp = false;
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
}

export function saveDraft(key, json) { localStorage.setItem(key, json); }
export function loadDraft(key) { return localStorage.getItem(key); }
export function clearDraft(key) { localStorage.removeItem(key); }
