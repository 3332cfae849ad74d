/* overstap template render T.mustache DATA.json: renders a Mustache template
 * against a JSON file and writes the result to standard output byte for
 * byte. (template add|list|show, the organisations' versions in the
 * database, are in cmd_template_db.c.) A partial {{> name}} is read from name.mustache beside T; a
 * name with '/' or starting with '.' is refused, and so is a missing partial. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/file.h"
#include "render/tmpl.h"

#define OUTPUT_MAX (64u << 20)

static const char usage_text[] =
	"usage: overstap template render T.mustache DATA.json\n"
	"       overstap template add|list|show ... (see template add --help)";

/* Partials live beside the template: cls is its directory ("" for the
 * current one, else ending in '/'). */
static int load_partial(void *cls, const char *name, char **text, size_t *n, char *err,
			size_t errlen)
{
	const char *dir = cls;
	if (!name[0] || name[0] == '.' || strchr(name, '/')) {
		snprintf(err, errlen,
			 "refused: a partial name may not contain '/' or start with '.'");
		return -1;
	}
	char path[4096], why[256];
	if ((size_t)snprintf(path, sizeof path, "%s%s.mustache", dir, name) >= sizeof path) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	if (io_read_file(path, TMPL_MAX_SIZE, text, n, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	return 1;
}

static int render(const char *tpath, const char *dpath)
{
	int rc = EXIT_USAGE;
	char err[512], *src = NULL, *dir = NULL, *out = NULL;
	size_t n = 0, out_n = 0;
	struct tmpl *t = NULL;
	json_t *data = NULL;
	json_error_t je;

	if (io_read_file(tpath, TMPL_MAX_SIZE, &src, &n, err, sizeof err) != 0) {
		cli_error("%s: %s", tpath, err);
		goto cleanup;
	}
	if (tmpl_parse(src, n, &t, err, sizeof err) != 0) {
		cli_error("%s: %s", tpath, err);
		goto cleanup;
	}
	data = json_load_file(dpath, JSON_DECODE_ANY, &je);
	if (!data) {
		if (je.line > 0)
			cli_error("%s:%d: column %d: %s", dpath, je.line, je.column, je.text);
		else
			cli_error("%s: %s", dpath, je.text);
		goto cleanup;
	}
	const char *slash = strrchr(tpath, '/');
	size_t dn = slash ? (size_t)(slash - tpath) + 1 : 0;
	dir = malloc(dn + 1);
	if (!dir) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto cleanup;
	}
	memcpy(dir, tpath, dn);
	dir[dn] = '\0';
	struct tmpl_opts o = {.load = load_partial, .cls = dir, .max_output = OUTPUT_MAX};
	if (tmpl_render(t, data, &o, &out, &out_n, err, sizeof err) != 0) {
		cli_error("%s: %s", tpath, err);
		goto cleanup;
	}
	if (fwrite(out, 1, out_n, stdout) != out_n || fflush(stdout) != 0) {
		cli_error("stdout: %s", strerror(errno));
		rc = EXIT_FAIL;
		goto cleanup;
	}
	rc = EXIT_OK;
cleanup:
	free(out);
	free(dir);
	json_decref(data);
	tmpl_free(t);
	free(src);
	return rc;
}

int cmd_template(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "list") == 0 ||
			  strcmp(argv[1], "show") == 0))
		return cmd_template_db(argc, argv);
	if (argc != 4 || strcmp(argv[1], "render") != 0)
		return cli_usage("template", "%s", usage_text);
	return render(argv[2], argv[3]);
}
