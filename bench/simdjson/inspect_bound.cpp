// What the fastest JSON parser we know does with `headroom inspect`'s work on a trainer_state.json, for
// bench/ingest-speed.sh to print beside the command: simdjson (on-demand API, its widest kernel for this CPU) reads
// every `log_history` value into per-key count / min / max / first and last step, streamed as inspect streams it.
// The history is cut into pieces of 16 MB at entry boundaries (the "}," before a "{"), each piece read with pread
// into a reused buffer and parsed as one array by a reused parser, pieces shared out in turn among THREADS threads
// (default 2), the per-key figures merged in piece order. Memory stays flat in the input. This is a bound for
// well-formed HF files only (no error reporting, no lines, no checks beyond simdjson's own).
//
// Build: g++ -O3 -march=native -o inspect_bound inspect_bound.cpp -lsimdjson -lpthread   (Debian: libsimdjson-dev)
// Usage: inspect_bound TRAINER_STATE.json [THREADS]
// Prints one line per key: key count min max first_step last_step (min and max to 17 significant digits).
#include <simdjson.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr size_t kPiece = 16 << 20;
constexpr size_t kLookAhead = 1 << 16;

struct Series {
  std::string key;
  long count = 0;
  double min = INFINITY, max = -INFINITY;
  size_t first_piece = SIZE_MAX, last_piece = 0;
  long first_step = -1, last_step = -1;
};

struct History {
  int fd;
  size_t open;   // the history's '['
  size_t close;  // its ']'
};

// The offset of the first entry at or after `at`: the '{' after the next "},"; the history's end when none.
size_t EntryStart(const History& h, size_t at) {
  if (at <= h.open + 1) return h.open + 1;
  if (at >= h.close) return h.close;
  static thread_local char buf[kLookAhead];
  ssize_t got = pread(h.fd, buf, sizeof buf, at);
  std::string_view view(buf, got > 0 ? got : 0);
  size_t end = view.find("},");
  if (end == std::string_view::npos) return h.close;
  size_t brace = view.find('{', end);
  return brace == std::string_view::npos ? h.close : std::min(at + brace, h.close);
}

size_t Find(std::vector<Series>& all, std::string_view key) {
  for (size_t i = 0; i < all.size(); i++) if (all[i].key == key) return i;
  all.push_back(Series{std::string(key)});
  return all.size() - 1;
}

void Work(const History& h, int thread, int threads, size_t pieces, std::vector<Series>& out) {
  std::vector<char> buf(kPiece + kLookAhead + simdjson::SIMDJSON_PADDING + 2);
  simdjson::ondemand::parser parser(buf.size());
  std::vector<std::pair<size_t, double>> values;  // indices: `out` grows as keys appear
  for (size_t p = thread; p < pieces; p += threads) {
    size_t from = EntryStart(h, h.open + 1 + p * kPiece), to = EntryStart(h, h.open + 1 + (p + 1) * kPiece);
    if (to <= from) continue;
    buf[0] = '[';
    size_t got = 0;
    while (got < to - from) {
      ssize_t r = pread(h.fd, buf.data() + 1 + got, to - from - got, from + got);
      if (r <= 0) break;
      got += r;
    }
    size_t length = 1 + got;
    while (length > 1 && buf[length - 1] != '}') length--;  // the "," and whitespace before the next piece
    buf[length++] = ']';
    auto doc = parser.iterate(buf.data(), length, buf.size());
    for (simdjson::ondemand::object entry : doc.get_array()) {
      values.clear();
      long step = -1;
      for (auto field : entry) {
        std::string_view key = field.unescaped_key();
        simdjson::ondemand::value value = field.value();
        if (key == "step") {
          step = int64_t(value.get_int64());
          continue;
        }
        double number;
        if (value.get_double().get(number)) continue;  // a string, null, true or false: not a point
        values.emplace_back(Find(out, key), number);
      }
      for (auto [i, v] : values) {
        Series& s = out[i];
        s.count++;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
        if (s.first_piece == SIZE_MAX) s.first_piece = p, s.first_step = step;
        s.last_piece = p, s.last_step = step;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: inspect_bound TRAINER_STATE.json [THREADS]\n");
    return 2;
  }
  int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  History h{open(argv[1], O_RDONLY), 0, 0};
  struct stat st;
  if (h.fd < 0 || fstat(h.fd, &st) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  char edge[1 << 16];
  std::string_view head(edge, pread(h.fd, edge, sizeof edge, 0));
  h.open = head.find('[', head.find("\"log_history\""));
  size_t tail_at = st.st_size > (off_t)sizeof edge ? st.st_size - sizeof edge : 0;
  std::string_view tail(edge, pread(h.fd, edge, sizeof edge, tail_at));
  h.close = tail_at + tail.rfind(']');  // HF writes the history's keys after it without arrays
  size_t pieces = (h.close - h.open + kPiece - 1) / kPiece;

  std::vector<std::vector<Series>> per_thread(threads);
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; t++) workers.emplace_back(Work, std::cref(h), t, threads, pieces, std::ref(per_thread[t]));
  Work(h, 0, threads, pieces, per_thread[0]);
  for (auto& w : workers) w.join();

  std::vector<Series> merged;
  for (auto& part : per_thread) {
    for (auto& s : part) {
      Series& m = merged[Find(merged, s.key)];
      m.count += s.count;
      m.min = std::min(m.min, s.min);
      m.max = std::max(m.max, s.max);
      if (s.first_piece < m.first_piece) m.first_piece = s.first_piece, m.first_step = s.first_step;
      if (m.last_step < 0 || s.last_piece > m.last_piece) m.last_piece = s.last_piece, m.last_step = s.last_step;
    }
  }
  for (auto& s : merged) std::printf("%s %ld %.17g %.17g %ld %ld\n", s.key.c_str(), s.count, s.min, s.max, s.first_step, s.last_step);
}
