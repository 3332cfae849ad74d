/* What the OpenAPI document says of each route beyond its row (the doc
 * column of router.c's table): query parameters, JSON body or upload,
 * success status and reply schema. The specs are the ones the handlers
 * check their input with, so the document and the checks cannot drift
 * apart. */
#include "web/api.h"
#include "web/input.h"

const struct api_doc api_doc_route_get = {.query = &api_route_get_query, .reply = "Route"};
const struct api_doc api_doc_route_event_add = {
	.body = &api_route_event_body, .success = 201, .reply = "EventAdded"};
const struct api_doc api_doc_persons_zoek = {.body = &api_persons_zoek_body,
					     .reply = "PersonFound"};
const struct api_doc api_doc_organisations_list = {.query = &api_organisations_query,
						   .reply = "OrganisationList"};
const struct api_doc api_doc_organisation_get = {.reply = "Organisation"};
const struct api_doc api_doc_users_list = {.query = &api_users_query, .reply = "UserList"};
const struct api_doc api_doc_routes_list = {.query = &api_routes_list_query, .reply = "RouteList"};
const struct api_doc api_doc_consent_add = {
	.body = &api_consent_body, .success = 201, .reply = "ConsentAdded"};
const struct api_doc api_doc_signal_run = {
	.body = &api_signal_run_body, .success = 201, .reply = "SignalRun"};
const struct api_doc api_doc_import_add = {
	.upload = "text/csv", .success = 201, .reply = "ImportReport"};
const struct api_doc api_doc_ww_benefit_get = {.reply = "WwBenefit"};

/* The meetings resource (api_meetings.c, api_meeting_actions.c,
 * api_meeting_funnel.c). */
const struct api_doc api_doc_meetings_list = {.query = &api_meetings_query, .reply = "MeetingList"};
const struct api_doc api_doc_meeting_add = {
	.body = &api_meeting_body, .success = 201, .reply = "Meeting"};
const struct api_doc api_doc_meeting_get = {.reply = "Meeting"};
const struct api_doc api_doc_meeting_invite = {.reply = "MeetingInvited"};
const struct api_doc api_doc_meeting_cancel = {.body = &api_meeting_cancel_body,
					       .reply = "MeetingNotices"};
const struct api_doc api_doc_meeting_move = {.body = &api_meeting_move_body,
					     .reply = "MeetingNotices"};
const struct api_doc api_doc_meeting_attendance = {.body = &api_meeting_attendance_body,
						   .reply = "MeetingAttendance"};
const struct api_doc api_doc_meeting_funnel = {.reply = "MeetingFunnel"};
const struct api_doc api_doc_meeting_ics = {0};
const struct api_doc api_doc_meetings_report = {.query = &api_meetings_report_query,
						.reply = "MeetingReport"};

/* The reply schemas the docs name (JSON Schema as in OpenAPI 3.1). Links
 * are HAL-style "_links" objects. */
static const char schemas[] =
	"{"
	"\"Link\":{\"type\":\"object\",\"properties\":{\"href\":{\"type\":\"string\"}}},"
	"\"Links\":{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/components/"
	"schemas/Link\"}},"
	"\"Event\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"kind\":{\"type\":\"string\"},"
	"\"actor\":{\"type\":\"string\"},\"data\":{\"type\":\"object\"}}},"
	"\"Route\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"phase\":{\"type\":\"string\"},\"organisation\":{\"type\":\"string\"},"
	"\"gemeente\":{\"type\":\"string\"},\"openedOn\":{\"type\":\"string\",\"format\":"
	"\"date\"},\"person\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":"
	"\"integer\"},\"familyName\":{\"type\":\"string\"},\"givenNames\":{\"type\":"
	"\"string\"},\"birthDate\":{\"type\":\"string\",\"format\":\"date\"}}},"
	"\"wwBenefit\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"start\":{\"type\":\"string\",\"format\":\"date\"},\"end\":{\"type\":\"string\","
	"\"format\":\"date\"}}},\"events\":{\"type\":\"array\",\"items\":{\"$ref\":"
	"\"#/components/schemas/Event\"}},\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"EventAdded\":{\"type\":\"object\",\"properties\":{\"routeId\":{\"type\":"
	"\"integer\"},\"kind\":{\"type\":\"string\"},\"_links\":{\"$ref\":\"#/components/"
	"schemas/Links\"}}},"
	"\"PersonFound\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"Organisation\":{\"type\":\"object\",\"properties\":{\"code\":{\"type\":"
	"\"string\"},\"name\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\",\"enum\":"
	"[\"gemeente\",\"uwv\",\"partner\"]},\"maxWwWindowMonths\":{\"type\":\"integer\"},"
	"\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"OrganisationList\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":"
	"\"array\",\"items\":{\"$ref\":\"#/components/schemas/Organisation\"}},\"_links\":"
	"{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"User\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"email\":{\"type\":\"string\"},\"organisation\":{\"type\":\"string\"},\"role\":"
	"{\"type\":\"string\"},\"mustChangePassword\":{\"type\":\"boolean\"},\"disabled\":"
	"{\"type\":\"boolean\"}}},"
	"\"RouteListItem\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"person\":{\"type\":\"object\",\"properties\":{\"familyName\":{\"type\":\"string\"},"
	"\"givenNames\":{\"type\":\"string\"}}},\"gemeente\":{\"type\":\"string\"},"
	"\"gemeenteNaam\":{\"type\":\"string\"},\"organisation\":{\"type\":\"string\"},"
	"\"phase\":{\"type\":\"string\"},\"wwEnd\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"daysLeft\":{\"type\":\"integer\"},\"_links\":{\"$ref\":\"#/components/schemas/"
	"Links\"}}},"
	"\"RouteList\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
	"\"items\":{\"$ref\":\"#/components/schemas/RouteListItem\"}},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"UserList\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
	"\"items\":{\"$ref\":\"#/components/schemas/User\"}},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"ConsentAdded\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"routeId\":{\"type\":\"integer\"}}},"
	"\"SignalRun\":{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\","
	"\"format\":\"date\"},\"organisation\":{\"type\":\"string\"},\"newRoutes\":{\"type\":"
	"\"integer\"},\"existingRoutes\":{\"type\":\"integer\"},\"municipalities\":{\"type\":"
	"\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"gemeente\":{\"type\":"
	"\"string\"},\"name\":{\"type\":\"string\"},\"windowMonths\":{\"type\":\"integer\"},"
	"\"wwEndFrom\":{\"type\":\"string\",\"format\":\"date\"},\"wwEndTo\":{\"type\":"
	"\"string\",\"format\":\"date\"},\"newRoutes\":{\"type\":\"integer\"},"
	"\"existingRoutes\":{\"type\":\"integer\"}}}}}},"
	"\"ImportReport\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"organisation\":{\"type\":\"string\"},\"sha256\":{\"type\":\"string\"},"
	"\"alreadyImported\":{\"type\":\"boolean\"},\"rows\":{\"type\":\"integer\"},"
	"\"inserted\":{\"type\":\"integer\"},\"updated\":{\"type\":\"integer\"},"
	"\"unchanged\":{\"type\":\"integer\"},\"rejected\":{\"type\":\"integer\"},"
	"\"wwEndChanges\":{\"type\":\"integer\"}}},"
	"\"WwBenefit\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"organisation\":{\"type\":\"string\"},\"start\":{\"type\":\"string\",\"format\":"
	"\"date\"},\"end\":{\"type\":\"string\",\"format\":\"date\"},\"dailyWageCents\":"
	"{\"type\":[\"integer\",\"null\"]},\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}}"
	"}";

/* The meetings' schemas. A count is a number, or "<5" for policy staff;
 * a rate and its interval are null when computed from such a count. */
#define RATE_PAIR(name)                                                                            \
	"\"" name "Rate\":{\"type\":[\"number\",\"null\"]},\"" name                                \
	"Ci\":{\"type\":[\"array\",\"null\"],\"items\":{\"type\":\"number\"}},"
#define FUNNEL_COUNTS                                                                              \
	"\"invited\":{\"$ref\":\"#/components/schemas/Count\"},\"answered\":{\"$ref\":"            \
	"\"#/components/schemas/Count\"},\"accepted\":{\"$ref\":\"#/components/schemas/Count\"},"  \
	"\"declined\":{\"$ref\":\"#/components/schemas/Count\"},\"waitlisted\":{\"$ref\":"         \
	"\"#/components/schemas/Count\"},\"attended\":{\"$ref\":\"#/components/schemas/Count\"},"  \
	"\"noShow\":{\"$ref\":\"#/components/schemas/Count\"},\"consents\":{\"$ref\":"             \
	"\"#/components/schemas/Count\"}," RATE_PAIR("response") RATE_PAIR("acceptance")           \
		RATE_PAIR("attendance") RATE_PAIR("consent")
static const char meeting_schemas[] =
	"{"
	"\"Meeting\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"organisation\":{\"type\":\"string\"},\"at\":{\"type\":\"string\",\"format\":"
	"\"date-time\"},\"location\":{\"type\":\"string\"},\"capacity\":{\"type\":"
	"\"integer\"},\"target\":{\"type\":\"string\"},\"wwEndFrom\":{\"type\":\"string\","
	"\"format\":\"date\"},\"wwEndTo\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"variants\":{\"type\":\"integer\"},\"status\":{\"type\":\"string\",\"enum\":"
	"[\"planned\",\"cancelled\"]},\"presenters\":{\"type\":\"array\",\"items\":{\"type\":"
	"\"string\"}},\"expectedAttendance\":{\"type\":[\"array\",\"null\"],\"items\":"
	"{\"type\":\"number\"}},\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"MeetingList\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
	"\"items\":{\"$ref\":\"#/components/schemas/Meeting\"}},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"MeetingInvited\":{\"type\":\"object\",\"properties\":{\"meetingId\":{\"type\":"
	"\"integer\"},\"created\":{\"type\":\"integer\"},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"MeetingNotices\":{\"type\":\"object\",\"properties\":{\"meetingId\":{\"type\":"
	"\"integer\"},\"notices\":{\"type\":\"integer\"},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"MeetingAttendance\":{\"type\":\"object\",\"properties\":{\"meetingId\":{\"type\":"
	"\"integer\"},\"entries\":{\"type\":\"integer\"},\"registered\":{\"type\":"
	"\"integer\"},\"already\":{\"type\":\"integer\"},\"noShows\":{\"type\":"
	"\"integer\"},\"_links\":{\"$ref\":\"#/components/schemas/Links\"}}},"
	"\"Count\":{\"oneOf\":[{\"type\":\"integer\",\"minimum\":0},{\"type\":\"string\","
	"\"enum\":[\"<5\"]}]},"
	"\"FunnelGroup\":{\"type\":\"object\",\"properties\":{\"gemeente\":{\"type\":"
	"\"string\"},\"variant\":{\"type\":\"string\"}," FUNNEL_COUNTS "\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"MeetingFunnel\":{\"type\":\"object\",\"properties\":{\"meetingId\":{\"type\":"
	"\"integer\"},\"organisation\":{\"type\":\"string\"},\"target\":{\"type\":"
	"\"string\"},\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"location\":"
	"{\"type\":\"string\"},\"status\":{\"type\":\"string\"},\"past\":{\"type\":"
	"\"boolean\"},\"capacity\":{\"type\":\"integer\"},\"variants\":{\"type\":"
	"\"integer\"}," FUNNEL_COUNTS "\"expectedAttendance\":{\"type\":[\"array\",\"null\"],"
	"\"items\":{\"type\":\"number\"}},\"byGemeente\":{\"type\":\"array\",\"items\":"
	"{\"$ref\":\"#/components/schemas/FunnelGroup\"}},\"byVariant\":{\"type\":\"array\","
	"\"items\":{\"$ref\":\"#/components/schemas/FunnelGroup\"}},\"_links\":{\"$ref\":"
	"\"#/components/schemas/Links\"}}},"
	"\"MeetingReport\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":"
	"\"array\",\"items\":{\"$ref\":\"#/components/schemas/MeetingFunnel\"}},\"_links\":"
	"{\"$ref\":\"#/components/schemas/Links\"}}}"
	"}";

json_t *api_doc_schemas(void)
{
	json_t *all = json_loads(schemas, 0, NULL);
	json_t *more = json_loads(meeting_schemas, 0, NULL);
	if (!all || !more || json_object_update(all, more) != 0) {
		json_decref(all);
		all = NULL;
	}
	json_decref(more);
	return all;
}
