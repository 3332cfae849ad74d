/* The words of the staff pages in Dutch and English (i18n.h). Dutch at B1
 * level: short sentences, "u", no jargon where a plain word exists. */
#include "web/i18n.h"

#include <stdio.h>
#include <string.h>

struct entry {
	const char *key, *nl, *en;
};

static const struct entry table[] = {
	/* the layout */
	{"app_name", "Overstap", "Overstap"},
	{"app_tagline", "Max-WW-route", "Max-WW route"},
	{"skip", "Naar de inhoud", "Skip to content"},
	{"nav_label", "Hoofdmenu", "Main menu"},
	{"nav_start", "Start", "Home"},
	{"nav_worklist", "Werkvoorraad", "Work queue"},
	{"nav_import", "WW-bestand inlezen", "Import WW file"},
	{"nav_password", "Wachtwoord wijzigen", "Change password"},
	{"signout", "Uitloggen", "Sign out"},
	{"lang_other", "English", "Nederlands"},
	{"lang_other_code", "en", "nl"},
	{"signed_in_as", "Ingelogd als", "Signed in as"},
	{"session_expires", "Uw sessie verloopt om", "Your session ends at"},
	{"session_extend", "Sessie verlengen", "Extend session"},
	{"session_warning",
	 "Uw sessie verloopt bijna. Wilt u verder werken? Kies dan Sessie verlengen.",
	 "Your session is about to end. Do you want to keep working? Choose Extend session."},
	{"session_extended", "Uw sessie is verlengd.", "Your session has been extended."},
	/* sign-in */
	{"signin_title", "Inloggen", "Sign in"},
	{"signin_intro", "Log in met uw e-mailadres en wachtwoord.",
	 "Sign in with your e-mail address and password."},
	{"email", "E-mailadres", "E-mail address"},
	{"password", "Wachtwoord", "Password"},
	{"signin_button", "Inloggen", "Sign in"},
	{"signin_bad", "E-mailadres of wachtwoord onjuist.",
	 "E-mail address or password incorrect."},
	{"signin_throttled", "Te veel mislukte pogingen. U kunt het weer proberen om",
	 "Too many failed attempts. You can try again at"},
	{"signin_expired", "Uw sessie is verlopen. Log opnieuw in.",
	 "Your session has ended. Please sign in again."},
	{"signed_out", "U bent uitgelogd.", "You have signed out."},
	{"form_stale", "Het formulier was verlopen. Probeer het opnieuw.",
	 "The form had expired. Please try again."},
	/* password change */
	{"pw_title", "Wachtwoord wijzigen", "Change password"},
	{"pw_must", "U bent ingelogd met een eenmalig wachtwoord. Kies nu uw eigen wachtwoord.",
	 "You signed in with a one-time password. Please choose your own password now."},
	{"pw_current", "Huidig wachtwoord", "Current password"},
	{"pw_new", "Nieuw wachtwoord", "New password"},
	{"pw_new_hint",
	 "Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.",
	 "At least 12 characters. A sentence of a few words is strong and easy to remember."},
	{"pw_repeat", "Herhaal het nieuwe wachtwoord", "Repeat the new password"},
	{"pw_button", "Wachtwoord opslaan", "Save password"},
	{"pw_wrong_current", "Het huidige wachtwoord is niet juist.",
	 "The current password is not correct."},
	{"pw_mismatch", "De twee nieuwe wachtwoorden zijn niet gelijk.",
	 "The two new passwords are not the same."},
	{"pw_weak", "Het nieuwe wachtwoord is te kort of te lang: gebruik minstens 12 tekens.",
	 "The new password is too short or too long: use at least 12 characters."},
	{"pw_same", "Kies een ander wachtwoord dan het huidige.",
	 "Choose a password other than the current one."},
	{"pw_done", "Uw wachtwoord is gewijzigd.", "Your password has been changed."},
	/* start */
	{"start_title", "Welkom", "Welcome"},
	{"start_intro", "Kies wat u wilt doen.", "Choose what you want to do."},
	{"start_worklist", "De Max-WW-routes van uw organisatie bekijken.",
	 "View the Max-WW routes of your organisation."},
	{"start_import", "Een WW-bestand van UWV inlezen en laten controleren.",
	 "Import a WW file from UWV and have it checked."},
	/* werkvoorraad */
	{"wl_title", "Werkvoorraad", "Work queue"},
	{"wl_of", "Routes van", "Routes of"},
	{"wl_filter", "Filteren", "Filter"},
	{"wl_phase", "Fase", "Phase"},
	{"wl_phase_all", "Alle fasen", "All phases"},
	{"wl_window", "WW eindigt binnen", "WW ends within"},
	{"wl_window_all", "Geen grens", "No limit"},
	{"wl_months_3", "3 maanden", "3 months"},
	{"wl_months_6", "6 maanden", "6 months"},
	{"wl_apply", "Toepassen", "Apply"},
	{"wl_caption", "Routes. Kies een kolomkop om op die kolom te sorteren.",
	 "Routes. Choose a column heading to sort by that column."},
	{"col_name", "Naam", "Name"},
	{"col_gemeente", "Gemeente", "Municipality"},
	{"col_ww_end", "Einde WW", "WW end"},
	{"col_days", "Dagen over", "Days left"},
	{"col_phase", "Fase", "Phase"},
	{"wl_none", "Er zijn geen routes die passen bij uw keuze.", "No routes match your choice."},
	{"wl_denied", "U heeft geen toegang tot de werkvoorraad.",
	 "You do not have access to the work queue."},
	{"wl_next", "Volgende pagina", "Next page"},
	{"wl_first", "Eerste pagina", "First page"},
	{"wl_pages", "Pagina's", "Pages"},
	{"wl_shown", "routes op deze pagina", "routes on this page"},
	{"sort_asc", "oplopend", "ascending"},
	{"sort_desc", "aflopend", "descending"},
	{"phase:signalled", "Gesignaleerd", "Signalled"},
	/* import */
	{"im_title", "WW-bestand inlezen", "Import WW file"},
	{"im_intro",
	 "Kies het CSV-bestand met WW-uitkeringen. Overstap controleert eerst alle regels. Het "
	 "bestand wordt alleen ingelezen als alle regels goed zijn.",
	 "Choose the CSV file with WW benefits. Overstap first checks every line. The file is "
	 "only imported when every line is correct."},
	{"im_file", "Bestand (CSV)", "File (CSV)"},
	{"im_button", "Inlezen", "Import"},
	{"im_no_file", "Kies eerst een bestand.", "Choose a file first."},
	{"im_denied", "Alleen medewerkers van een UWV-team kunnen een WW-bestand inlezen.",
	 "Only staff of a UWV team can import a WW file."},
	{"im_ok", "Het bestand is ingelezen.", "The file has been imported."},
	{"im_already", "Dit bestand was al ingelezen. Er is niets veranderd.",
	 "This file had been imported before. Nothing has changed."},
	{"im_invalid",
	 "Het bestand is niet ingelezen, want er zijn fouten gevonden. Verbeter de regels "
	 "hieronder en probeer het opnieuw.",
	 "The file has not been imported, because problems were found. Correct the lines below "
	 "and try again."},
	{"im_report", "Verslag", "Report"},
	{"im_rows", "Regels", "Lines"},
	{"im_inserted", "Nieuw", "New"},
	{"im_updated", "Gewijzigd", "Changed"},
	{"im_unchanged", "Ongewijzigd", "Unchanged"},
	{"im_problems", "Fouten", "Problems"},
	{"im_end_changes", "Einddatum gewijzigd", "End date changed"},
	{"im_col_line", "Regel", "Line"},
	{"im_col_field", "Veld", "Field"},
	{"im_col_reason", "Probleem", "Problem"},
	/* errors */
	{"err_title", "Er ging iets mis", "Something went wrong"},
	{"err_forbidden", "U heeft geen toegang tot deze pagina.",
	 "You do not have access to this page."},
	{"err_bad_form", "Het formulier kon niet worden gelezen. Probeer het opnieuw.",
	 "The form could not be read. Please try again."},
	{"err_server", "Er is een storing. Probeer het later opnieuw.",
	 "Something is broken. Please try again later."},
	/* the import's fields and problems (core/wwrow.c, app/import_ww.c) */
	{"field:bsn", "bsn", "bsn"},
	{"field:family_name", "achternaam", "family_name"},
	{"field:given_names", "voornamen", "given_names"},
	{"field:birth_date", "geboortedatum", "birth_date"},
	{"field:gemeente_code", "gemeentecode", "gemeente_code"},
	{"field:postcode", "postcode", "postcode"},
	{"field:house_number", "huisnummer", "house_number"},
	{"field:ww_start", "ingangsdatum", "ww_start"},
	{"field:ww_end", "einddatum", "ww_end"},
	{"field:ww_months", "duur_maanden", "ww_months"},
	{"field:daily_wage", "dagloon", "daily_wage"},
	{"field:email", "e-mail", "email"},
	{"field:phone", "telefoon", "phone"},
	{"field:language", "taal", "language"},
	{"field:header", "kopregel", "header"},
	{"field:row", "regel", "row"},
	{"field:file", "bestand", "file"},
	{"reason:is required", "ontbreekt", "is required"},
	{"reason:cell longer than 1024 bytes", "cel is langer dan 1024 bytes",
	 "cell longer than 1024 bytes"},
	{"reason:not valid UTF-8", "geen geldige UTF-8", "not valid UTF-8"},
	{"reason:contains a control character (tab, line break ...)",
	 "bevat een stuurteken (tab, regeleinde ...)",
	 "contains a control character (tab, line break ...)"},
	{"reason:longer than 200 bytes", "langer dan 200 bytes", "longer than 200 bytes"},
	{"reason:not a date (use YYYY-MM-DD or DD-MM-YYYY)",
	 "geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)",
	 "not a date (use YYYY-MM-DD or DD-MM-YYYY)"},
	{"reason:not a municipality code (GM and 4 digits, e.g. GM0363)",
	 "geen gemeentecode (GM en 4 cijfers, bijvoorbeeld GM0363)",
	 "not a municipality code (GM and 4 digits, e.g. GM0363)"},
	{"reason:unknown municipality code", "onbekende gemeentecode", "unknown municipality code"},
	{"reason:not a Dutch postcode (e.g. 1234 AB)",
	 "geen Nederlandse postcode (bijvoorbeeld 1234 AB)", "not a Dutch postcode (e.g. 1234 AB)"},
	{"reason:longer than 16 bytes", "langer dan 16 bytes", "longer than 16 bytes"},
	{"reason:must start with a digit", "moet met een cijfer beginnen",
	 "must start with a digit"},
	{"reason:not a whole number of months (at least 1)",
	 "geen heel aantal maanden (minstens 1)", "not a whole number of months (at least 1)"},
	{"reason:give ww_end or ww_months, not both",
	 "geef einddatum of duur_maanden, niet allebei", "give ww_end or ww_months, not both"},
	{"reason:is required (or give ww_months)", "ontbreekt (of geef duur_maanden)",
	 "is required (or give ww_months)"},
	{"reason:not an amount (e.g. 123,45)", "geen bedrag (bijvoorbeeld 123,45)",
	 "not an amount (e.g. 123,45)"},
	{"reason:must not be negative", "mag niet negatief zijn", "must not be negative"},
	{"reason:longer than 254 bytes", "langer dan 254 bytes", "longer than 254 bytes"},
	{"reason:not an e-mail address", "geen e-mailadres", "not an e-mail address"},
	{"reason:longer than 32 bytes", "langer dan 32 bytes", "longer than 32 bytes"},
	{"reason:not a phone number (digits, spaces and + - ( ) only)",
	 "geen telefoonnummer (alleen cijfers, spaties en + - ( ))",
	 "not a phone number (digits, spaces and + - ( ) only)"},
	{"reason:not a language code (2 or 3 letters, e.g. nl)",
	 "geen taalcode (2 of 3 letters, bijvoorbeeld nl)",
	 "not a language code (2 or 3 letters, e.g. nl)"},
	{"reason:birth_date must be before ww_start",
	 "geboortedatum moet voor de ingangsdatum liggen", "birth_date must be before ww_start"},
	{"reason:age at ww_start is under 15", "leeftijd op de ingangsdatum is onder 15",
	 "age at ww_start is under 15"},
	{"reason:age at ww_start is over 80", "leeftijd op de ingangsdatum is boven 80",
	 "age at ww_start is over 80"},
	{"reason:ww_end must be after ww_start", "einddatum moet na de ingangsdatum liggen",
	 "ww_end must be after ww_start"},
	{"reason:required column missing", "verplichte kolom ontbreekt", "required column missing"},
	{"reason:too many columns", "te veel kolommen", "too many columns"},
	{"reason:empty file: a header row is required", "leeg bestand: een kopregel is verplicht",
	 "empty file: a header row is required"},
	/* the route page (page_route.c) */
	{"rt_title", "Traject", "Route"},
	{"rt_back", "Terug naar de werkvoorraad", "Back to the work queue"},
	{"rt_opened", "Traject gestart", "Route opened"},
	{"rt_timeline", "Wat er gebeurd is", "What happened"},
	{"rt_no_events", "Er is nog niets gebeurd.", "Nothing has happened yet."},
	{"rt_not_found", "Dit traject bestaat niet, of u heeft er geen toegang toe.",
	 "This route does not exist, or you do not have access to it."},
	{"rt_add", "Iets toevoegen", "Add something"},
	{"rt_note", "Notitie", "Note"},
	{"rt_note_button", "Notitie opslaan", "Save note"},
	{"rt_phase_new", "Nieuwe fase", "New phase"},
	{"rt_phase_button", "Fase wijzigen", "Change phase"},
	{"rt_saved", "Opgeslagen.", "Saved."},
	{"rt_invalid",
	 "Dit kon niet worden opgeslagen. Schrijf een notitie van hoogstens 2000 tekens, of kies "
	 "een andere fase.",
	 "This could not be saved. Write a note of at most 2000 characters, or choose another "
	 "phase."},
	{"rt_meeting", "Bijeenkomst", "Meeting"},
	{"phase:invited", "Uitgenodigd", "Invited"},
	{"phase:informed", "Voorgelicht", "Informed"},
	{"phase:in_contact", "In contact", "In contact"},
	{"phase:transferred", "Overgedragen", "Handed over"},
	{"phase:applied", "Bijstand aangevraagd", "Applied for assistance"},
	{"phase:working", "Aan het werk", "Working"},
	{"phase:closed", "Afgesloten", "Closed"},
	{"event:signalled", "Gesignaleerd: de WW eindigt binnenkort",
	 "Signalled: the WW ends soon"},
	{"event:ww_end_changed", "Einddatum WW gewijzigd", "WW end date changed"},
	{"event:note", "Notitie", "Note"},
	{"event:phase_changed", "Fase gewijzigd", "Phase changed"},
	{"event:invited", "Uitgenodigd voor een bijeenkomst", "Invited to a meeting"},
	{"event:letter_made", "Brief gemaakt", "Letter made"},
	{"event:rsvp_accepted", "Komt naar de bijeenkomst", "Will come to the meeting"},
	{"event:rsvp_declined", "Komt niet naar de bijeenkomst", "Will not come to the meeting"},
	{"event:waitlisted", "Op de wachtlijst", "On the waiting list"},
	{"event:consent_given", "Toestemming gegeven: de gemeente mag contact opnemen",
	 "Consent given: the municipality may make contact"},
	{"event:attended", "Was bij de bijeenkomst", "Attended the meeting"},
	{"event:no_show", "Niet gekomen", "Did not come"},
	{"event:meeting_moved", "Bijeenkomst verplaatst", "Meeting moved"},
	{"event:meeting_cancelled", "Bijeenkomst afgelast", "Meeting cancelled"},
	/* the meeting pages (page_meeting.c) */
	{"nav_meetings", "Bijeenkomsten", "Meetings"},
	{"mt_list_title", "Bijeenkomsten", "Meetings"},
	{"mt_list_intro", "De voorlichtingsbijeenkomsten van uw organisatie.",
	 "The information meetings of your organisation."},
	{"mt_list_caption", "Bijeenkomsten, de eerste bovenaan", "Meetings, the first at the top"},
	{"mt_none", "Uw organisatie heeft nog geen bijeenkomsten.",
	 "Your organisation has no meetings yet."},
	{"mt_denied", "U heeft geen toegang tot de bijeenkomsten.",
	 "You do not have access to the meetings."},
	{"mt_not_found", "Deze bijeenkomst bestaat niet, of u heeft er geen toegang toe.",
	 "This meeting does not exist, or you do not have access to it."},
	{"mt_title", "Bijeenkomst", "Meeting"},
	{"mt_back", "Terug naar de bijeenkomsten", "Back to the meetings"},
	{"mt_back_meeting", "Terug naar de bijeenkomst", "Back to the meeting"},
	{"mt_at", "Datum en tijd", "Date and time"},
	{"mt_location", "Plaats", "Location"},
	{"mt_capacity", "Plaatsen", "Places"},
	{"mt_cancelled", "afgelast", "cancelled"},
	{"mt_funnel", "Van uitnodiging tot overdracht", "From invitation to handover"},
	{"mt_funnel_intro",
	 "Het percentage is een deel van alle uitgenodigden. De marge geeft aan waar het echte "
	 "percentage met 95% zekerheid ligt.",
	 "The percentage is a share of everyone invited. The margin shows where the true "
	 "percentage lies with 95% certainty."},
	{"mt_funnel_caption", "Aantallen en percentages van deze bijeenkomst",
	 "Numbers and percentages of this meeting"},
	{"mt_step", "Stap", "Step"},
	{"mt_count", "Aantal", "Number"},
	{"mt_rate", "Percentage", "Percentage"},
	{"mt_interval", "Marge (95%)", "Margin (95%)"},
	{"mt_expected", "Verwacht", "Expected"},
	{"mt_invited", "Uitgenodigd", "Invited"},
	{"mt_answered", "Geantwoord", "Answered"},
	{"mt_accepted", "Komt", "Coming"},
	{"mt_declined", "Komt niet", "Not coming"},
	{"mt_waitlisted", "Wachtlijst", "Waiting list"},
	{"mt_attended", "Aanwezig", "Attended"},
	{"mt_no_show", "Niet gekomen", "Stayed away"},
	{"mt_consents", "Toestemming voor de gemeente", "Consent for the municipality"},
	{"mt_groups_caption", "Opkomst per gemeente en per briefversie",
	 "Turnout per municipality and per letter version"},
	{"mt_group", "Groep", "Group"},
	{"mt_variant", "Brief", "Letter"},
	{"mt_att_link", "Aanwezigheid bijhouden", "Record attendance"},
	{"mt_att_title", "Aanwezigheid", "Attendance"},
	{"mt_att_legend", "Wie was er?", "Who was there?"},
	{"mt_att_intro",
	 "Vink iedereen aan die er was. Wie niet is aangevinkt en niet had afgezegd, telt als niet "
	 "gekomen.",
	 "Tick everyone who was there. Whoever is not ticked and had not declined counts as "
	 "stayed away."},
	{"mt_att_caption", "Uitgenodigden", "Invitees"},
	{"mt_att_present", "Aanwezig", "Present"},
	{"mt_answer", "Antwoord", "Answer"},
	{"mt_answer_none", "Geen antwoord", "No answer"},
	{"mt_answer_accepted", "Komt", "Coming"},
	{"mt_answer_declined", "Komt niet", "Not coming"},
	{"mt_answer_waitlisted", "Wachtlijst", "Waiting list"},
	{"mt_att_button", "Aanwezigheid opslaan", "Save attendance"},
	{"mt_attendance_saved", "De aanwezigheid is opgeslagen.", "The attendance has been saved."},
	{"mt_att_none", "Niets opgeslagen: vink minstens één persoon aan.",
	 "Nothing saved: tick at least one person."},
	{"mt_att_invalid",
	 "Niets opgeslagen. De aanwezigheid kan pas worden opgeslagen als de bijeenkomst is "
	 "begonnen, en niet als die is afgelast.",
	 "Nothing saved. Attendance can only be saved once the meeting has started, and not "
	 "when it was cancelled."},
	{"mt_att_closed",
	 "De bijeenkomst is nog niet begonnen of is afgelast. U kunt de aanwezigheid nog niet "
	 "opslaan.",
	 "The meeting has not started yet or was cancelled. You cannot save attendance yet."},
	{"mt_att_nobody", "Er is nog niemand uitgenodigd.", "Nobody has been invited yet."},
	/* the residents' RSVP pages (page_rsvp.c) */
	{"rsvp_start_title", "Uw uitnodiging", "Your invitation"},
	{"rsvp_start_intro",
	 "Heeft u een brief gekregen met een uitnodiging voor een bijeenkomst over het einde van "
	 "uw WW? Vul hier de code in die in de brief staat.",
	 "Did you get a letter that invites you to a meeting about the end of your unemployment "
	 "benefit (WW)? Enter the code from the letter here."},
	{"rsvp_code", "Code uit de brief", "Code from the letter"},
	{"rsvp_code_help",
	 "10 tekens, bijvoorbeeld ABCDE-FGHJK. Hoofdletters of kleine letters: dat maakt niet uit.",
	 "10 characters, for example ABCDE-FGHJK. Capital or small letters: it does not matter."},
	{"rsvp_code_button", "Verder", "Continue"},
	{"rsvp_type_code", "Vul de code uit de brief in.", "Enter the code from the letter."},
	{"rsvp_title", "Komt u naar de bijeenkomst?", "Are you coming to the meeting?"},
	{"rsvp_dear", "Beste", "Dear"},
	{"rsvp_intro",
	 "UWV en de gemeente nodigen u uit voor een bijeenkomst over het einde van uw "
	 "WW-uitkering. "
	 "Laat ons hieronder weten of u komt.",
	 "UWV and the municipality invite you to a meeting about the end of your unemployment "
	 "benefit (WW). Please tell us below if you are coming."},
	{"rsvp_date", "Datum", "Date"},
	{"rsvp_time", "Tijd", "Time"},
	{"rsvp_hour", "uur", "(Dutch time)"},
	{"rsvp_place", "Plaats", "Place"},
	{"rsvp_question", "Komt u?", "Are you coming?"},
	{"rsvp_yes", "Ja, ik kom", "Yes, I am coming"},
	{"rsvp_no", "Nee, ik kom niet", "No, I am not coming"},
	{"rsvp_choose", "Kies of u komt: ja of nee.", "Choose if you are coming: yes or no."},
	{"rsvp_consent_legend", "Mag de gemeente contact met u opnemen? Dat kiest u zelf.",
	 "May the municipality contact you? That is your choice."},
	{"rsvp_consent_what_label", "Wat betekent dit?", "What does this mean?"},
	{"rsvp_consent_what", "UWV geeft uw naam en contactgegevens door aan de gemeente",
	 "UWV passes your name and contact details to the municipality of"},
	{"rsvp_consent_what2", "De gemeente kan u dan bellen of schrijven.",
	 "The municipality can then call you or write to you."},
	{"rsvp_consent_why_label", "Waarom?", "Why?"},
	{"rsvp_consent_why",
	 "De gemeente kan u helpen als uw WW stopt: met werk zoeken, of met bijstand als u dat "
	 "nodig heeft. U hoeft dan niet alles opnieuw te vertellen.",
	 "The municipality can help you when your WW ends: with finding work, or with social "
	 "assistance (bijstand) if you need it. You do not have to tell everything again."},
	{"rsvp_consent_how_long_label", "Hoe lang?", "For how long?"},
	{"rsvp_consent_how_long", "De toestemming geldt tot en met",
	 "The permission lasts up to and including"},
	{"rsvp_consent_free",
	 "Daarna stopt hij vanzelf. Zet u geen vinkje? Dan heeft dat geen gevolgen voor uw WW of "
	 "voor de bijeenkomst.",
	 "After that it ends by itself. If you do not tick the box, that has no effect on your WW "
	 "or on the meeting."},
	{"rsvp_consent", "De gemeente mag contact met mij opnemen",
	 "The municipality may contact me"},
	{"rsvp_send", "Antwoord versturen", "Send answer"},
	{"rsvp_done_title", "Bedankt voor uw antwoord", "Thank you for your answer"},
	{"rsvp_thanks", "Bedankt,", "Thank you,"},
	{"rsvp_done_accepted", "U komt naar de bijeenkomst. Wij zien u graag.",
	 "You are coming to the meeting. We look forward to seeing you."},
	{"rsvp_done_waitlisted",
	 "De bijeenkomst is vol. U staat nu op de wachtlijst. Wilt u toch graag met ons praten? "
	 "Bel ons dan. Het telefoonnummer staat bovenaan de brief.",
	 "The meeting is full. You are now on the waiting list. Would you still like to talk to "
	 "us? Then call us. The phone number is at the top of the letter."},
	{"rsvp_done_declined",
	 "U komt niet naar de bijeenkomst. Dat is goed. Uw WW-uitkering verandert er niet door.",
	 "You are not coming to the meeting. That is fine. Your WW benefit does not change."},
	{"rsvp_calendar", "Zet de bijeenkomst in uw agenda (bestand bijeenkomst.ics)",
	 "Add the meeting to your calendar (file bijeenkomst.ics)"},
	{"rsvp_done_consent", "U gaf toestemming: de gemeente",
	 "You gave permission: the municipality of"},
	{"rsvp_done_consent2", "mag contact met u opnemen, tot en met",
	 "may contact you, up to and including"},
	{"rsvp_done_no_consent", "U gaf geen toestemming om contact met u op te nemen.",
	 "You did not give permission to contact you."},
	{"rsvp_change",
	 "Wilt u uw antwoord veranderen? Bel dan het telefoonnummer bovenaan de brief.",
	 "Do you want to change your answer? Then call the phone number at the top of the letter."},
	{"rsvp_unknown_title", "Code niet gevonden", "Code not found"},
	{"rsvp_unknown",
	 "Wij hebben deze code niet gevonden. Kijk of u de code goed heeft overgenomen uit de "
	 "brief.",
	 "We did not find this code. Check that you copied the code correctly from the letter."},
	{"rsvp_expired_title", "De bijeenkomst is voorbij", "The meeting is over"},
	{"rsvp_expired",
	 "Deze bijeenkomst is al begonnen of voorbij. Daarom werkt de code niet meer.",
	 "This meeting has started or is over. That is why the code no longer works."},
	{"rsvp_cancelled_title", "De bijeenkomst gaat niet door", "The meeting is cancelled"},
	{"rsvp_cancelled", "Deze bijeenkomst gaat niet door. U hoeft niet te komen.",
	 "This meeting will not take place. You do not need to come."},
	{"rsvp_used_title", "U heeft al geantwoord", "You have already answered"},
	{"rsvp_used_accepted",
	 "U heeft al laten weten dat u komt. Kunt u toch niet komen? Neem dan contact met ons op.",
	 "You already told us that you are coming. If you cannot come after all, please contact "
	 "us."},
	{"rsvp_used_declined",
	 "U heeft al laten weten dat u niet komt. Wilt u toch komen? Neem dan contact met ons op.",
	 "You already told us that you are not coming. If you want to come after all, please "
	 "contact us."},
	{"rsvp_call", "Vragen? Neem contact op met", "Questions? Contact"},
	{"rsvp_call_generic", "Vragen? Bel het telefoonnummer bovenaan uw brief.",
	 "Questions? Call the phone number at the top of your letter."},
	{"rsvp_try_again", "De code opnieuw invullen", "Enter the code again"},
	{"rsvp_stale_title", "Het formulier is verlopen", "The form has expired"},
	{"rsvp_stale",
	 "Uw antwoord is niet verstuurd, want het formulier was verlopen. Open de pagina opnieuw "
	 "en kies nog een keer.",
	 "Your answer was not sent, because the form had expired. Open the page again and choose "
	 "once more."},
	{"rsvp_open_again", "De pagina opnieuw openen", "Open the page again"},
	{"rsvp_throttled_title", "Even wachten", "Please wait"},
	{"rsvp_throttled",
	 "U heeft te vaak een code ingevuld die niet klopt. U kunt het weer proberen om",
	 "You entered a wrong code too many times. You can try again at"},
};

const char *lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "nl";
}

int lang_parse(const char *s)
{
	if (s && strcmp(s, "nl") == 0)
		return LANG_NL;
	if (s && strcmp(s, "en") == 0)
		return LANG_EN;
	return -1;
}

const char *i18n_get(enum lang l, const char *key)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].key, key) == 0)
			return l == LANG_EN ? table[i].en : table[i].nl;
	return NULL;
}

const char *i18n_value(enum lang l, const char *prefix, const char *value)
{
	char key[256];
	int n = snprintf(key, sizeof key, "%s%s", prefix, value);
	const char *t = n > 0 && (size_t)n < sizeof key ? i18n_get(l, key) : NULL;
	return t ? t : value;
}

json_t *i18n_object(enum lang l)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < sizeof table / sizeof table[0]; i++) {
		if (strchr(table[i].key, ':'))
			continue;
		if (json_object_set_new(o, table[i].key,
					json_string(l == LANG_EN ? table[i].en : table[i].nl)) !=
		    0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}
