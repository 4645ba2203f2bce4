#pragma once

// Reads one file ahead of its consumer, on a thread of its own, so reading
// the source (a stick, the disk) overlaps hashing and writing the copy.
// Memory is bounded and allocated once: `slots` buffers of `slot_bytes`.
//
// Threading: next() is called by one consumer thread only. The reader
// thread touches the InputFile and the slots it has not handed over; a
// slot belongs to the consumer from next() until the following next().
// The destructor stops the reader and joins it, so a consumer that gives up
// (a bad hash, a full disk, a cancel) just lets the object go.

#include "core/result.h"
#include "update/filesystem.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
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
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // The next chunk, in order; empty at the end of the file; the read's
    // error if one failed. The span stays valid until the next call.
    Result<std::span<const std::byte>> next();

  private:
    struct Slot {
        std::vector<std::byte> data;
        std::size_t size = 0;
    };
    void read_all();

    InputFile& m_file;
    std::uint64_t m_limit;
    OnRead m_on_read;
    std::vector<Slot> m_slots;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    // Guarded by m_mutex: slots [m_consumed, m_filled) hold data, in ring
    // order; the reader fills m_filled when m_filled - m_consumed < slots.
    std::uint64_t m_filled = 0;
    std::uint64_t m_consumed = 0;
    bool m_handed_over = false; // the consumer holds slot m_consumed
    bool m_ended = false;       // no slot after m_filled will come
    std::optional<Error> m_error;
    bool m_stopping = false;
    std::thread m_thread; // last: starts once every member above exists
};

} // namespace beacon::update
