#include "update/read_ahead.h"

#include <algorithm>

namespace beacon::update {

ReadAhead::ReadAhead(InputFile& file, std::uint64_t limit, std::size_t slots,
                     std::size_t slot_bytes, OnRead on_read)
    : m_file(file), m_limit(limit), m_on_read(std::move(on_read)),
      m_slots(std::max<std::size_t>(slots, 2)),
      m_reader([this](std::size_t& slot, auto& context) { read(slot, context); },
               {.capacity = m_slots.size(), .start = [this, slot_bytes](auto&) {
                    // Allocated here, while the consumer gets on with its own set-up.
                    for (auto& slot : m_slots)
                        slot.resize(slot_bytes);
                }}) {
    for (std::size_t slot = 0; slot < m_slots.size(); ++slot)
        m_reader.submit(slot);
}

void ReadAhead::read(std::size_t slot, Reader::Context& context) {
    if (m_read_all)
        return;
    // The slot is the reader's alone until it is posted.
    auto& data = m_slots[slot];
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), m_limit - m_total));
    auto n = want ? m_file.read(std::span(data.data(), want)) : Result<std::size_t>(0);
    if (n && n.value() && m_on_read)
        m_on_read(std::span<const std::byte>(data.data(), n.value()));
    if (!n || n.value() == 0)
        m_read_all = true;
    else
        m_total += n.value();
    context.post(Chunk{slot, std::move(n)});
}

Result<std::span<const std::byte>> ReadAhead::next() {
    if (m_handed_over)
        m_reader.submit(*std::exchange(m_handed_over, std::nullopt));
    if (m_ended) {
        if (m_error)
            return *m_error;
        return std::span<const std::byte>();
    }
    while (m_ready.empty())
        for (auto& chunk : m_reader.wait_and_take())
            m_ready.push_back(std::move(chunk));
    Chunk chunk = std::move(m_ready.front());
    m_ready.pop_front();
    if (!chunk.size) {
        m_ended = true;
        m_error = chunk.size.error();
        return *m_error;
    }
    if (chunk.size.value() == 0) {
        m_ended = true;
        return std::span<const std::byte>();
    }
    m_handed_over = chunk.slot;
    return std::span<const std::byte>(m_slots[chunk.slot].data(), chunk.size.value());
}

} // namespace beacon::update
