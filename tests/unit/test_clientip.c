/* The client address behind trusted proxies (web/clientip.h): parsing of
 * --trusted-proxy, prefix matching, and the X-Forwarded-For decision. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "web/clientip.h"

static struct clientip_addr addr(const char *s)
{
	struct clientip_addr a;
	if (!clientip_parse_addr(s, strlen(s), &a))
		fail_msg("not an address: %s", s);
	return a;
}

static void trust(struct clientip_trust *t, const char *s)
{
	char err[256];
	if (clientip_trust_add(t, s, err, sizeof err) != 0)
		fail_msg("%s refused: %s", s, err);
}

/* The client decided for peer and xff, as text. */
static const char *decide(const struct clientip_trust *t, const char *peer, const char *xff)
{
	static char out[CLIENTIP_TEXT_MAX];
	struct clientip_addr p = addr(peer);
	struct clientip_addr c = clientip_decide(t, &p, xff);
	clientip_format(&c, out);
	return out;
}

static void parse_addresses(void **state)
{
	struct clientip_addr a;
	char text[CLIENTIP_TEXT_MAX];
	assert_true(clientip_parse_addr("192.0.2.1", 9, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "192.0.2.1");
	/* Only len bytes count. */
	assert_true(clientip_parse_addr("10.1.2.3, 4.5.6.7", 8, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "10.1.2.3");
	assert_true(clientip_parse_addr("2001:DB8::1", 11, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "2001:db8::1");
	/* An IPv4-mapped IPv6 address is the IPv4 address. */
	assert_true(clientip_parse_addr("::ffff:192.0.2.1", 16, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "192.0.2.1");
	static const char *const bad[] = {
		"",           "1.2.3",
		"1.2.3.4.5",  "256.1.1.1",
		"1.2.3.4:80", "[::1]",
		"::1%eth0",   "unknown",
		"01.2.3.4",   " 1.2.3.4",
		"1.2.3.4 ",   "::g",
		"1.2.3.4/8",  "1111:2222:3333:4444:5555:6666:7777:8888:9999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (clientip_parse_addr(bad[i], strlen(bad[i]), &a))
			fail_msg("'%s' was taken as an address", bad[i]);
	/* Longer than any address text. */
	char longs[100];
	memset(longs, '1', sizeof longs);
	assert_false(clientip_parse_addr(longs, sizeof longs, &a));
}

static void trusted_networks(void **state)
{
	struct clientip_trust t = {0};
	char err[256];
	trust(&t, "127.0.0.1");
	trust(&t, "10.0.0.0/8");
	trust(&t, "192.168.1.128/25");
	trust(&t, "fd00::/8");
	trust(&t, "2001:db8::7");
	assert_int_equal(t.n, 5);
	struct clientip_addr a;
	static const char *const in[] = {"127.0.0.1",     "10.0.0.0",       "10.255.255.255",
					 "192.168.1.128", "192.168.1.255",  "fd12:3456::1",
					 "2001:db8::7",   "::ffff:10.9.9.9"};
	static const char *const out[] = {"127.0.0.2",     "11.0.0.0",      "9.255.255.255",
					  "192.168.1.127", "192.168.2.128", "fe00::1",
					  "2001:db8::8",   "::1",           "::a00:1"};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		a = addr(in[i]);
		if (!clientip_trusted(&t, &a))
			fail_msg("%s should be trusted", in[i]);
	}
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
		a = addr(out[i]);
		if (clientip_trusted(&t, &a))
			fail_msg("%s should not be trusted", out[i]);
	}
	/* /0 trusts everything of its family space; an IPv4 /0 only IPv4. */
	struct clientip_trust all4 = {0};
	trust(&all4, "0.0.0.0/0");
	a = addr("203.0.113.9");
	assert_true(clientip_trusted(&all4, &a));
	a = addr("2001:db8::1");
	assert_false(clientip_trusted(&all4, &a));
	/* Nothing configured: nothing trusted. */
	struct clientip_trust none = {0};
	a = addr("127.0.0.1");
	assert_false(clientip_trusted(&none, &a));

	static const char *const bad[] = {"",
					  "localhost",
					  "10.0.0.0/33",
					  "10.0.0.0/",
					  "10.0.0.0/-1",
					  "10.0.0.0/+8",
					  "10.0.0.0/8x",
					  "::/129",
					  "10.0.0.0/08 ",
					  "/8",
					  "1.2.3.4/1/2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct clientip_trust u = {0};
		err[0] = '\0';
		if (clientip_trust_add(&u, bad[i], err, sizeof err) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(u.n, 0);
		assert_non_null(strstr(err, "--trusted-proxy"));
	}
	/* The count is bounded. */
	struct clientip_trust full = {0};
	for (int i = 0; i < CLIENTIP_MAX_PROXIES; i++)
		trust(&full, "10.0.0.1");
	assert_int_equal(clientip_trust_add(&full, "10.0.0.2", err, sizeof err), -1);
	assert_int_equal(full.n, CLIENTIP_MAX_PROXIES);
}

static void decisions(void **state)
{
	struct clientip_trust t = {0};
	trust(&t, "127.0.0.1");
	trust(&t, "10.0.0.0/8");

	/* No header, or an untrusted peer: the peer, whatever the header says. */
	assert_string_equal(decide(&t, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(decide(&t, "127.0.0.1", ""), "127.0.0.1");
	assert_string_equal(decide(&t, "198.51.100.7", "203.0.113.9"), "198.51.100.7");
	assert_string_equal(decide(&t, "127.0.0.2", "203.0.113.9"), "127.0.0.2");

	/* A trusted peer: the rightmost hop that is not trusted. */
	assert_string_equal(decide(&t, "127.0.0.1", "203.0.113.9"), "203.0.113.9");
	assert_string_equal(decide(&t, "127.0.0.1", "1.1.1.1, 203.0.113.9"), "203.0.113.9");
	assert_string_equal(decide(&t, "127.0.0.1", "1.1.1.1,203.0.113.9 , 10.2.3.4"),
			    "203.0.113.9");
	/* A client-supplied header in front of nginx's append: not believed. */
	assert_string_equal(decide(&t, "127.0.0.1", "6.6.6.6, 198.51.100.20"), "198.51.100.20");
	/* Every hop trusted: the leftmost. */
	assert_string_equal(decide(&t, "127.0.0.1", "10.0.0.5, 10.0.0.6"), "10.0.0.5");
	/* IPv6 hops and peers. */
	assert_string_equal(decide(&t, "::ffff:127.0.0.1", "2001:db8::5"), "2001:db8::5");
	/* A hop that is not an address ends the walk at the last trusted one. */
	assert_string_equal(decide(&t, "127.0.0.1", "unknown"), "127.0.0.1");
	assert_string_equal(decide(&t, "127.0.0.1", "evil, 10.0.0.7"), "10.0.0.7");
	assert_string_equal(decide(&t, "127.0.0.1", "203.0.113.9:4711"), "127.0.0.1");
	assert_string_equal(decide(&t, "127.0.0.1", "1.1.1.1,,10.0.0.7"), "10.0.0.7");
	assert_string_equal(decide(&t, "127.0.0.1", "1.1.1.1, "), "127.0.0.1");
	assert_string_equal(decide(&t, "127.0.0.1", ","), "127.0.0.1");
	assert_string_equal(decide(&t, "127.0.0.1", "  203.0.113.9\t"), "203.0.113.9");

	/* At most CLIENTIP_MAX_HOPS hops are looked at. */
	char xff[1024] = "203.0.113.9";
	for (int i = 0; i < CLIENTIP_MAX_HOPS; i++) {
		size_t used = strlen(xff);
		snprintf(xff + used, sizeof xff - used, ", 10.0.0.%d", i + 1);
	}
	assert_string_equal(decide(&t, "127.0.0.1", xff), "10.0.0.1");
	/* One hop fewer and the client is reached. */
	char *cut = strstr(xff, ", 10.0.0.1,");
	memmove(cut, cut + strlen(", 10.0.0.1"), strlen(cut + strlen(", 10.0.0.1")) + 1);
	assert_string_equal(decide(&t, "127.0.0.1", xff), "203.0.113.9");
}

static void join_headers(void **state)
{
	char buf[20] = "";
	clientip_join(buf, sizeof buf, "1.1.1.1");
	assert_string_equal(buf, "1.1.1.1");
	clientip_join(buf, sizeof buf, "2.2.2.2");
	assert_string_equal(buf, "1.1.1.1,2.2.2.2");
	/* Over 19 bytes: whole hops from the left go. */
	clientip_join(buf, sizeof buf, "3.3.3.3");
	assert_string_equal(buf, "2.2.2.2,3.3.3.3");
	clientip_join(buf, sizeof buf, "44.44.44.44, 5.5.5.5");
	assert_string_equal(buf, " 5.5.5.5");
	/* A value longer than the buffer: its rightmost whole hops. */
	buf[0] = '\0';
	clientip_join(buf, sizeof buf, "111.111.111.111, 22.22.22.22, 33.3.3.3");
	assert_string_equal(buf, " 33.3.3.3");
	/* One hop longer than the buffer: nothing of it. */
	buf[0] = '\0';
	clientip_join(buf, sizeof buf, "1111:2222:3333:4444:5555:6666");
	assert_string_equal(buf, "");
	/* The cut never leaves a partial address that parses as another. */
	char small[12] = "12.3.4.5";
	clientip_join(small, sizeof small, "6.6.6.6");
	assert_string_equal(small, "6.6.6.6");

	/* From a socket address. */
	struct sockaddr_in in4 = {.sin_family = AF_INET};
	in4.sin_addr.s_addr = htonl(0xc0000201); /* 192.0.2.1 */
	struct clientip_addr a;
	char text[CLIENTIP_TEXT_MAX];
	assert_true(clientip_from_sockaddr((struct sockaddr *)&in4, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "192.0.2.1");
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
	in6.sin6_addr.s6_addr[15] = 1;
	assert_true(clientip_from_sockaddr((struct sockaddr *)&in6, &a));
	clientip_format(&a, text);
	assert_string_equal(text, "::1");
	struct sockaddr un = {.sa_family = AF_UNIX};
	assert_false(clientip_from_sockaddr(&un, &a));
	assert_false(clientip_from_sockaddr(NULL, &a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_addresses),
		cmocka_unit_test(trusted_networks),
		cmocka_unit_test(decisions),
		cmocka_unit_test(join_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
