/* What the OpenAPI document needs beyond the route table: each route's
 * query parameters, JSON body and success status, by route name. The specs
 * are the ones the handlers check their input with, so the document and
 * the checks cannot drift apart. */
#include <string.h>

#include "web/api.h"
#include "web/input.h"

static const struct api_doc docs[] = {
	{"route_get", &api_route_get_query, NULL, 0, NULL, "Route"},
	{"route_event_add", NULL, &api_route_event_body, 201, NULL, "EventAdded"},
	{"persons_zoek", NULL, &api_persons_zoek_body, 0, NULL, "PersonFound"},
	{"organisations_list", &api_organisations_query, NULL, 0, NULL, "OrganisationList"},
	{"organisation_get", NULL, NULL, 0, NULL, "Organisation"},
	{"users_list", &api_users_query, NULL, 0, NULL, "UserList"},
	{"consent_add", NULL, &api_consent_body, 201, NULL, "ConsentAdded"},
	{"signal_run", NULL, &api_signal_run_body, 201, NULL, "SignalRun"},
	{"import_add", NULL, NULL, 201, "text/csv", "ImportReport"},
	{"ww_benefit_get", NULL, NULL, 0, NULL, "WwBenefit"},
};

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

json_t *api_doc_schemas(void)
{
	return json_loads(schemas, 0, NULL);
}

const struct api_doc *api_doc_find(const char *route_name)
{
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		if (strcmp(docs[i].name, route_name) == 0)
			return &docs[i];
	return NULL;
}
