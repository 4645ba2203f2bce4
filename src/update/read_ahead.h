#pragma once

// Reads one file ahead of its consumer, on a thread of its own, so reading
// the source (a stick, the disk) overlaps hashing and writing the copy.
// Memory is bounded and allocated once: `slots` buffers of `slot_bytes`.
//
// Threading: next() is called by one consumer thread only. The reader
// thread (a Worker, system/worker.h) touches the InputFile and the slots
// it was handed: a slot's index goes to it as a request and comes back as
// a Chunk, and belongs to the consumer from next() until the following
// next(). The destructor stops the reader and joins it, so a consumer that
// gives up (a bad hash, a full disk, a cancel) just lets the object go.

#include "core/result.h"
#include "system/filesystem.h"
#include "system/worker.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace beacon::update {

class ReadAhead {
  public:
    // Called on the reader thread with each chunk, in order, before the
    // consumer sees it: the installer hashes there, so hashing (one core)
    // overlaps writing (the other). It is not called again once next() has
    // returned the end or an error, so the consumer may then use what it
    // fed.
    using OnRead = std::function<void(std::span<const std::byte>)>;

    // Reads `file` up to `limit` bytes, or to its end, whichever comes first.
    ReadAhead(InputFile& file, std::uint64_t limit, std::size_t slots, std::size_t slot_bytes,
              OnRead on_read = {});
    ~ReadAhead() = default;
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // The next chunk, in order; empty at the end of the file; the read's
    // error if one failed. The span stays valid until the next call.
    Result<std::span<const std::byte>> next();

  private:
    // A filled slot, in file order; a size of 0 is the end of the file.
    struct Chunk {
        std::size_t slot;
        Result<std::size_t> size;
    };
    using Reader = Worker<std::size_t, Chunk>;
    void read(std::size_t slot, Reader::Context& context);

    InputFile& m_file;
    std::uint64_t m_limit;
    OnRead m_on_read;
    std::vector<std::vector<std::byte>> m_slots; // sized on the reader thread
    // The reader thread's.
    std::uint64_t m_total = 0;
    bool m_read_all = false; // the end or an error was posted
    // The consumer's.
    std::deque<Chunk> m_ready;
    std::optional<std::size_t> m_handed_over; // the slot the consumer holds
    bool m_ended = false;                     // next() returned the end or an error
    std::optional<Error> m_error;
    Reader m_reader; // last: starts once every member above exists
};

} // namespace beacon::update
