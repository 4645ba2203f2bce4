#include "update/read_ahead.h"

#include <algorithm>

namespace beacon::update {

ReadAhead::ReadAhead(InputFile& file, std::uint64_t limit, std::size_t slots,
                     std::size_t slot_bytes, OnRead on_read)
    : m_file(file), m_limit(limit), m_on_read(std::move(on_read)),
      m_slots(std::max<std::size_t>(slots, 2)), m_thread([this, slot_bytes] {
          for (auto& slot : m_slots)
              slot.data.resize(slot_bytes);
          read_all();
      }) {}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void ReadAhead::read_all() {
    std::uint64_t total = 0;
    for (;;) {
        Slot* slot = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock,
                           [&] { return m_stopping || m_filled - m_consumed < m_slots.size(); });
            if (m_stopping)
                return;
            slot = &m_slots[m_filled % m_slots.size()];
        }
        // Outside the lock: the slot at m_filled is the reader's alone.
        std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(slot->data.size(), m_limit - total));
        auto n = want ? m_file.read(std::span(slot->data.data(), want)) : Result<std::size_t>(0);
        if (n && n.value() && m_on_read)
            m_on_read(std::span<const std::byte>(slot->data.data(), n.value()));
        std::lock_guard lock(m_mutex);
        if (!n) {
            m_error = n.error();
            m_ended = true;
        } else if (n.value() == 0) {
            m_ended = true;
        } else {
            slot->size = n.value();
            total += n.value();
            ++m_filled;
        }
        m_changed.notify_all();
        if (m_ended)
            return;
    }
}

Result<std::span<const std::byte>> ReadAhead::next() {
    std::unique_lock lock(m_mutex);
    if (m_handed_over) {
        ++m_consumed;
        m_handed_over = false;
        m_changed.notify_all();
    }
    m_changed.wait(lock, [&] { return m_filled > m_consumed || m_ended; });
    if (m_filled > m_consumed) {
        m_handed_over = true;
        Slot& slot = m_slots[m_consumed % m_slots.size()];
        return std::span<const std::byte>(slot.data.data(), slot.size);
    }
    if (m_error)
        return *m_error;
    return std::span<const std::byte>();
}

} // namespace beacon::update
