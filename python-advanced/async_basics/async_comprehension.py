"""0x02 exercise 1 (1-async_comprehension.py): collect an async generator's values."""

from async_basics.async_generator import async_generator


async def async_comprehension() -> list[float]:
    """Return the ten numbers async_generator yields, collected with an async comprehension."""
    return [number async for number in async_generator()]
