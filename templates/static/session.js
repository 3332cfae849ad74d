/* overstap: warn before the session's idle timeout (WCAG 2.2.1). The page
 * says how many seconds are left (data-left) and how long before the end
 * to warn (data-warn); the warning holds a button that extends the session
 * (a normal form post, which also works without this script: the same
 * button is in every page's header). When the time is up, go to sign-in. */
(function () {
	'use strict';
	var bar = document.getElementById('sessie');
	var warning = document.getElementById('sessie-waarschuwing');
	if (!bar || !warning) {
		return;
	}
	var left = parseInt(bar.getAttribute('data-left'), 10);
	var before = parseInt(bar.getAttribute('data-warn'), 10);
	if (!(left > 0) || !(before >= 0)) {
		return;
	}
	window.setTimeout(function () {
		warning.hidden = false;
	}, Math.max(0, left - before) * 1000);
	window.setTimeout(function () {
		window.location.assign('/inloggen?reden=verlopen');
	}, (left + 1) * 1000);
}());
