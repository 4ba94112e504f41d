/* The N most frequent words of a text file, case folded: a small, real text kernel in C.
 * Usage: wordfreq <file> [N] [rounds]   Prints "count word" lines, most frequent first (ties by word).
 * rounds counts the text that many times over (default 1), so that a run is long enough to time. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { char *word; long count; };

static struct entry *table;
static size_t capacity = 1 << 12, used;

static unsigned long hash(const char *s) {
  unsigned long h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

static void grow(void);

static void count(const char *word) {
  if (used * 2 >= capacity) grow();
  size_t i = hash(word) & (capacity - 1);
  while (table[i].word && strcmp(table[i].word, word) != 0) i = (i + 1) & (capacity - 1);
  if (!table[i].word) {
    table[i].word = strdup(word);
    used++;
  }
  table[i].count++;
}

static void grow(void) {
  struct entry *old = table;
  size_t old_capacity = capacity;
  capacity *= 2;
  table = calloc(capacity, sizeof *table);
  used = 0;
  for (size_t i = 0; i < old_capacity; i++) {
    if (!old[i].word) continue;
    size_t j = hash(old[i].word) & (capacity - 1);
    while (table[j].word) j = (j + 1) & (capacity - 1);
    table[j] = old[i];
    used++;
  }
  free(old);
}

static int by_count(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

static long count_words(const char *text, size_t size) {
  char word[256];
  size_t length = 0;
  long words = 0;
  for (size_t at = 0; at <= size; at++) {
    int c = at < size ? (unsigned char)text[at] : ' ';
    if (isalpha(c) && length < sizeof word - 1) {
      word[length++] = (char)tolower(c);
    } else if (length > 0) {
      word[length] = '\0';
      count(word);
      words++;
      length = 0;
    }
  }
  return words;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wordfreq <file> [N] [rounds]\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  long top = argc > 2 ? atol(argv[2]) : 10;
  long rounds = argc > 3 ? atol(argv[3]) : 1;
  size_t size = 0, room = 1 << 16;
  char *text = malloc(room);
  for (size_t got; (got = fread(text + size, 1, room - size, f)) > 0;) {
    size += got;
    if (size == room) text = realloc(text, room *= 2);
  }
  fclose(f);
  table = calloc(capacity, sizeof *table);
  long words = 0;
  for (long round = 0; round < rounds; round++) words += count_words(text, size);
  size_t n = 0;
  for (size_t i = 0; i < capacity; i++) if (table[i].word) table[n++] = table[i];
  qsort(table, n, sizeof *table, by_count);
  printf("%ld words, %zu distinct\n", words, n);
  for (size_t i = 0; i < n && (long)i < top; i++) printf("%ld %s\n", table[i].count, table[i].word);
  return 0;
}
