// Sound and browser notifications for urgent messages. Browsers allow audio only after a user gesture,
// so the first click anywhere on the page unlocks it.
let audio;

function unlockAudio() {
  audio ??= new (window.AudioContext || window.webkitAudioContext)();
  if (audio.state === 'suspended') audio.resume();
}
document.addEventListener('click', unlockAudio, { once: true, capture: true });

export function permission() {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

export async function requestPermission() {
  unlockAudio();
  if (!('Notification' in window)) return 'unsupported';
  return await Notification.requestPermission();
}

function tone(at, frequency, length) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.15, at);
  gain.gain.exponentialRampToValueAtTime(0.001, at + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + length);
}

// sound: false when the person turned the alert sound off (their preference, kept on the server).
export function raise(title, body, emergency, url, sound = true) {
  window.__dashboardAlerts = (window.__dashboardAlerts || 0) + 1; // read by end-to-end tests
  if (!sound) return notify(title, body, emergency, url);
  window.__dashboardSounds = (window.__dashboardSounds || 0) + 1;
  try {
    unlockAudio();
    const now = audio.currentTime;
    const beeps = emergency ? 6 : 2;
    for (let i = 0; i < beeps; i++) tone(now + i * 0.25, emergency ? 1040 : 880, 0.18);
  } catch { /* no audio device: the notification and highlight still show */ }
  notify(title, body, emergency, url);
}

function notify(title, body, emergency, url) {
  if ('Notification' in window && Notification.permission === 'granted') {
    const notification = new Notification(title, { body, tag: url, requireInteraction: emergency });
    notification.onclick = () => { window.focus(); window.location.href = url; };
  }
}
