import datetime

import pytest
import time_machine

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY
