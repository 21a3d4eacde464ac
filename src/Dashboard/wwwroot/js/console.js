// Operator console: Ctrl+Enter (or Cmd+Enter) saves from any field, Alt+1/2/3 sets the urgency; drafts live in localStorage so a
// lost connection or reload never loses what the operator typed while on the phone.
export function attach(formId, dotnet) {
  const form = document.getElementById(formId);
  if (!form) return;
  let swallowEnterUp = false;
  // Capture phase, and stopped here: the client list must never take Ctrl+Enter as "pick the highlighted client".
  // Alt+1/2/3 picks the urgency (by physical key: on a Mac, Option+1 types a character). Chromium on Linux and Windows
  // would switch tabs on Alt+digit; those are not reserved shortcuts, so the page's preventDefault wins.
  const urgencyKeys = { Digit1: 0, Digit2: 1, Digit3: 2, Numpad1: 0, Numpad2: 1, Numpad3: 2 };
  form.addEventListener('keydown', event => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code in urgencyKeys) {
      event.preventDefault();
      event.stopPropagation();
      dotnet.invokeMethodAsync('SetUrgencyFromKeyboardAsync', urgencyKeys[event.code]);
      return;
    }
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
