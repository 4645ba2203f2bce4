#pragma once

// Exponential backoff with jitter: the k-th wait is drawn from
// [d/2, d] where d = min(max, base * 2^k), so a fleet of kiosks that lost
// the server at the same moment does not come back in step.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace beacon::update {

class Backoff {
  public:
    using Milliseconds = std::chrono::milliseconds;
    Backoff(Milliseconds base, Milliseconds max, std::uint64_t seed)
        : m_base(base), m_max(max), m_random(seed) {}

    Milliseconds next() {
        long long ceiling = m_max.count();
        long long step = m_base.count();
        for (int i = 0; i < m_failures && step < ceiling; ++i)
            step *= 2;
        step = std::min(step, ceiling);
        ++m_failures;
        std::uniform_int_distribution<long long> spread(step / 2, std::max(step / 2, step));
        return Milliseconds(spread(m_random));
    }
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

  private:
    Milliseconds m_base;
    Milliseconds m_max;
    int m_failures = 0;
    std::mt19937_64 m_random;
};

} // namespace beacon::update
