// Warn before the idle sign-out, with a way to stay signed in (WCAG 2.2.1, timing adjustable),
// in the GOV.UK timeout warning pattern. The dialog's markup is in the page (core/_timeout.html),
// hidden; without this script nothing changes and the server still ends an idle session. A form
// sent after that is kept and shown again after signing in (WCAG 2.2.5; accounts.kept_forms).
const dialog = document.getElementById("opencsc-timeout");
const SHARED_KEY = "opencsc-last-active";

function minutesAndSeconds(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

function lastActive() {
  // Another tab of the service restarts the same session's clock: take the latest.
  try {
    return Math.max(Number(window.localStorage.getItem(SHARED_KEY)) || 0, startedAt);
  } catch {
    return startedAt;
  }
}

function noteActive(now) {
  startedAt = now;
  try {
    window.localStorage.setItem(SHARED_KEY, String(now));
  } catch {
    // Storage refused (private browsing): this tab still counts for itself.
  }
}

let startedAt = Date.now();
let timer = null;
let ticker = null;

function start(idle, warning) {
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const spoken = dialog.querySelector("[data-timeout-spoken]");
  const stayForm = dialog.querySelector("[data-timeout-stay]");
  const signedOut = dialog.querySelector("[data-timeout-signed-out]");
  const warningText = dialog.querySelector("[data-timeout-warning]");
  const heading = dialog.querySelector("h2");

  function schedule() {
    window.clearTimeout(timer);
    window.clearInterval(ticker);
    const warnIn = lastActive() + Math.max(idle - warning, 0) * 1000 - Date.now();
    timer = window.setTimeout(warn, Math.max(warnIn, 0));
  }

  function secondsLeft() {
    return Math.max(Math.ceil((lastActive() + idle * 1000 - Date.now()) / 1000), 0);
  }

  function warn() {
    if (secondsLeft() > warning) {
      schedule(); // another tab was used meanwhile
      return;
    }
    let spokenMinute = null;
    const tick = () => {
      const left = secondsLeft();
      if (left <= 0) {
        end();
        return;
      }
      countdown.textContent = minutesAndSeconds(left);
      // Speak the time left once a minute and near the end, not every second.
      const minute = Math.ceil(left / 60);
      if (minute !== spokenMinute || left === 20) {
        spokenMinute = minute;
        spoken.textContent = `We will sign you out in ${minutesAndSeconds(left)}.`;
      }
    };
    tick();
    ticker = window.setInterval(tick, 1000);
    if (!dialog.open) dialog.showModal();
    stayForm.querySelector("button").focus();
  }

  function end() {
    window.clearInterval(ticker);
    heading.textContent = "You have been signed out";
    warningText.hidden = true;
    stayForm.hidden = true;
    signedOut.hidden = false;
    spoken.textContent = "You have been signed out.";
    const signIn = signedOut.querySelector("[data-timeout-sign-in]");
    // Back to this page after signing in (the address is added here, never printed by the server).
    signIn.search = new URLSearchParams({ next: window.location.pathname + window.location.search });
    if (!dialog.open) dialog.showModal();
    signIn.focus();
  }

  async function stay(event) {
    event.preventDefault();
    const response = await window.fetch(stayForm.action, {
      method: "POST",
      body: new FormData(stayForm),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      end();
      return;
    }
    noteActive(Date.now());
    dialog.close();
    schedule();
  }

  stayForm.addEventListener("submit", stay);
  // Escape closes the warning and counts as staying signed in, as in the GOV.UK pattern.
  dialog.addEventListener("cancel", (event) => {
    if (stayForm.hidden) return;
    stay(event);
  });
  noteActive(startedAt);
  schedule();
}

if (dialog && typeof dialog.showModal === "function") {
  const idle = Number(dialog.dataset.idleSeconds);
  const warning = Number(dialog.dataset.warningSeconds);
  if (idle > 0 && warning > 0) start(idle, warning);
}
