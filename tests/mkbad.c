/*
 * mkbad: write a hostile message to stdout, by name, for the bad-input test:
 * "mkbad NAME [N]".  Every message is made on demand and streamed, the
 * large ones included, so none is kept in the repository or in memory.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REJECTION \
	"Thank you for your interest.  We regret to inform you that we " \
	"have decided to move forward with other candidates.\n"

/* A literal with the NULs in it. */
#define PUT(s)		fwrite((s), 1, sizeof(s) - 1, stdout)

static unsigned long long	seed = 88172645463325252ULL;

/* A pseudo-random byte: the same bytes on every run. */
static int
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return ((int)(seed >> 32) & 0xff);
}

static void
repeat(const char *s, long n)
{
	while (n-- > 0)
		fputs(s, stdout);
}

static void
head(const char *subject)
{
	printf("From: Jane Roe <jane@example.com>\nTo: sam@example.net\n"
	    "Subject: %s\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n"
	    "Message-ID: <%s@example.com>\nMIME-Version: 1.0\n", subject,
	    subject);
}

/* Bytes of every value, "x" first so that it cannot read as a header. */
static void
garbage(long n)
{
	putchar('x');
	while (n-- > 0)
		putchar(rnd());
}

static void
nul(void)
{
	head("nul");
	PUT("X-Nul: a\0b\0\0c\n");
	PUT("Subject: second\0subject\n");
	PUT("Content-Type: text/plain\n\nWe regret\0 to inform\0");
	PUT(" you\n\0\0\0\nmore\0\n");
}

/* Invalid UTF-8 and charset labels that lie, everywhere. */
static void
charset(void)
{
	printf("From: =?utf-8?B?%s?= <jane@example.com>\n", "/v7+/w==");
	printf("To: \xff\xfe\xc3 <sam@example.net>\n");
	printf("Subject: =?x-bogus?Q?caf=E9?= =?utf-8?Q?=C3=28=A0?= "
	    "\xc3\x28 \xe2\x82 \xf0\x90\x80 raw\xff\n");
	printf("Subject: =?utf-16?B?2D3YPQ==?= =?shift_jis?B?gYKBgw==?=\n");
	printf("MIME-Version: 1.0\nContent-Type: multipart/mixed; "
	    "boundary=\"b\xff\"\n\n--b\xff\n");
	printf("Content-Type: text/plain; charset=utf-8\n\n"
	    "We regret \xe9\xe8 to inform \xc3\x28 you \xed\xa0\x80 "
	    "\xf4\x90\x80\x80 \xc0\xaf.\n--b\xff\n");
	printf("Content-Type: text/plain; charset=koi8-r\n\n\xff\xfe\x80\n"
	    "--b\xff\n");
	printf("Content-Type: text/plain; charset=\"no-such-charset\xff\"\n\n"
	    "\x80\x81\x82\n--b\xff\n");
	printf("Content-Type: text/html; charset=shift_jis\n\n<p>\x82\xa0"
	    "\x81\xff\x80</p>\n--b\xff\n");
	printf("Content-Type: application/pdf; name=\"\xff\xfe.pdf\"\n"
	    "Content-Disposition: attachment; filename*=utf-8''%%FF%%C3%%28"
	    "; filename=\"=?utf-8?B?/w==?=\"\n\nJVBERi0=\n--b\xff--\n");
}

/* A header line of n bytes (and a rejection in the body). */
static void
longline(long n)
{
	head("long line");
	fputs("X-Long: ", stdout);
	while (n-- > 0)
		putchar('a' + n % 26);
	printf("\n\n%s", REJECTION);
}

/* A Subject of n words that rules look for. */
static void
subject(long n)
{
	printf("From: jane@example.com\nSubject:");
	repeat(" regret", n);
	printf("\n\n%s", REJECTION);
}

static void
fields(long n)
{
	long	i;

	head("fields");
	for (i = 0; i < n; i++)
		printf("X-F%ld: v\n", i);
	printf("\n%s", REJECTION);
}

static void
parts(long n)
{
	long	i;

	head("parts");
	printf("Content-Type: multipart/mixed; boundary=b\n\n");
	for (i = 0; i < n; i++)
		printf("--b\nContent-Type: text/plain\n\npart %ld\n", i);
	printf("--b--\n");
}

static void
deep(long n)
{
	long	i;

	head("deep");
	for (i = 0; i < n; i++)
		printf("Content-Type: multipart/mixed; boundary=b%ld\n\n"
		    "--b%ld\n", i, i);
	printf("Content-Type: text/plain\n\n%s", REJECTION);
	for (i = n - 1; i >= 0; i--)
		printf("--b%ld--\n", i);
}

static void
rfc822(long n)
{
	long	i;

	for (i = 0; i < n; i++)
		printf("From: a%ld@example.com\nSubject: fwd %ld\n"
		    "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n", i,
		    i);
	printf("From: b@example.com\nSubject: inner\n\n%s", REJECTION);
}

/*
 * A rejection, then an attachment of about n MiB in base64; "tail" adds
 * a rejection after it, in a second text part, past any cap.
 */
static void
huge(long n, int tail)
{
	char	line[78];
	long	i, lines = n * 1024 * 1024 / 77;
	int	j;

	head("huge");
	printf("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\n%s--b\n", tail ? "Hello.\n" :
	    REJECTION);
	printf("Content-Type: application/octet-stream\n"
	    "Content-Transfer-Encoding: base64\n"
	    "Content-Disposition: attachment; filename=big.bin\n\n");
	for (i = 0; i < lines; i++) {
		for (j = 0; j < 76; j++)
			line[j] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
			    "qrstuvwxyz0123456789+/"[(i + j) % 64];
		line[76] = '\n';
		fwrite(line, 1, 77, stdout);
	}
	if (tail)
		printf("--b\nContent-Type: text/plain\n\n%s", REJECTION);
	printf("--b--\n");
}

static void
base64(void)
{
	head("base64");
	printf("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
	    "V2Ug*cmVn%%cmV0IHRv!IGluZm9y\nbS B5b3U=garbage==\n=\n"
	    "\x80\xff\n====\nA\n--b\n"
	    "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n");
	garbage(3000);
	printf("\n--b\nContent-Type: text/plain\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "=ZZ=4=\n=\n=FF=00=0D=0A\n--b--\n");
}

static void
ids(int dup)
{
	int	i;

	if (!dup) {
		printf("Subject: no ids\nTo: sam@example.net\n\n%s", REJECTION);
		return;
	}
	for (i = 0; i < 3; i++)
		printf("Message-ID: <dup%d@example.com>\n"
		    "From: f%d@example.com\nDate: %s\n", i, i, i == 1 ? "not a date" :
		    "Mon, 2 Nov 2026 10:00:00 +0000");
	printf("Message-ID:\nMessage-ID: <>\nFrom:\nDate:\n"
	    "Subject: dup\nSubject: dup again\n\n%s", REJECTION);
}

/* Encoded-words that decode to CR, LF and other controls. */
static void
crlf(void)
{
	printf("From: =?utf-8?q?Jane=0D=0ABcc:_x@example.org?= "
	    "<jane@example.com>\n");
	printf("Reply-To: =?utf-8?q?x=0Ay?= <\"a\r\nb\"@example.com>\n");
	printf("Subject: =?utf-8?q?Your_application=0D=0AX-Injected:_yes?="
	    " =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5vcmc=?=\n");
	printf("Message-ID: <=?utf-8?q?a=0Ab?=@example.com>\n"
	    "Content-Type: text/plain; name=\"=?utf-8?q?a=0D=0Ab.txt?=\"\n"
	    "\n%s", REJECTION);
}

static void
html(long n)
{
	head("html");
	printf("Content-Type: text/html\n\n");
	repeat("<div><blockquote><table><tr><td>", n);
	fputs(REJECTION, stdout);
	repeat("</td></tr></table></blockquote></div>", n);
	putchar('\n');
}

/* n one-line messages, as an mbox. */
static void
mbox(long n)
{
	long	i;

	for (i = 0; i < n; i++)
		printf("From m%ld@example.com Mon Nov  2 10:00:00 2026\n"
		    "Subject: %ld\n\n", i, i);
}

int
main(int argc, char **argv)
{
	const char	*name = argc > 1 ? argv[1] : "";
	long		 n = argc > 2 ? atol(argv[2]) : 0;

	if (strcmp(name, "empty") == 0)
		;
	else if (strcmp(name, "garbage") == 0)
		garbage(n > 0 ? n : 65536);
	else if (strcmp(name, "nul") == 0)
		nul();
	else if (strcmp(name, "charset") == 0)
		charset();
	else if (strcmp(name, "longline") == 0)
		longline(n > 0 ? n : 2 * 1024 * 1024);
	else if (strcmp(name, "subject") == 0)
		subject(n > 0 ? n : 4 * 1024 * 1024);
	else if (strcmp(name, "fields") == 0)
		fields(n > 0 ? n : 500000);
	else if (strcmp(name, "parts") == 0)
		parts(n > 0 ? n : 10000);
	else if (strcmp(name, "deep") == 0)
		deep(n > 0 ? n : 1000);
	else if (strcmp(name, "rfc822") == 0)
		rfc822(n > 0 ? n : 1000);
	else if (strcmp(name, "huge") == 0 || strcmp(name, "hugetail") == 0)
		huge(n > 0 ? n : 200, name[4] != '\0');
	else if (strcmp(name, "base64") == 0)
		base64();
	else if (strcmp(name, "noids") == 0 || strcmp(name, "dupids") == 0)
		ids(name[0] == 'd');
	else if (strcmp(name, "crlf") == 0)
		crlf();
	else if (strcmp(name, "html") == 0)
		html(n > 0 ? n : 100000);
	else if (strcmp(name, "mbox") == 0)
		mbox(n > 0 ? n : 100000);
	else {
		fprintf(stderr, "usage: mkbad NAME [N]\n");
		return (64);
	}
	return (fflush(stdout) != 0 || ferror(stdout));
}
