import pytest
from django.core.management import CommandError, call_command

from relais.core.backup import BackupError, backup_create, backup_rotate, backup_verify
from relais.core.models import Journal, Organisation, Place


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "imprimante.jpg").write_bytes(b"\xff\xd8 fake jpeg bytes")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_emptied_database_finds_every_row(tmp_path, media_root, place, mediator):
    Journal.objects.create(action="test.before_backup", actor_label="test")
    counts = {model: model.objects.count() for model in (Organisation, Place, Journal)}
    call_command("backup", output=tmp_path / "archives")
    archive = next((tmp_path / "archives").glob("relais-*.tar.gz"))

    Journal.objects.all()._raw_delete(Journal.objects.db)
    Place.objects.all().delete()
    Organisation.objects.all().delete()
    (media_root / "photos" / "imprimante.jpg").unlink()
    assert Place.objects.count() == 0

    call_command("restore", str(archive), yes=True)

    assert {model: model.objects.count() for model in (Organisation, Place, Journal)} == counts
    assert Place.objects.get(slug="lieu-a").name == "Lieu A"
    assert (media_root / "photos" / "imprimante.jpg").read_bytes() == b"\xff\xd8 fake jpeg bytes"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path, media_root, place):
    result = backup_create(output_dir=tmp_path)
    data = bytearray(result.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    result.archive.write_bytes(bytes(data))
    Place.objects.filter(pk=place.pk).update(name="Changed after backup")

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(result.archive), yes=True)

    assert Place.objects.get(pk=place.pk).name == "Changed after backup"


@pytest.mark.django_db(transaction=True)
def test_verify_refuses_an_archive_without_its_checksum_file(tmp_path, media_root):
    result = backup_create(output_dir=tmp_path)
    (tmp_path / f"{result.archive.name}.sha256").unlink()

    with pytest.raises(BackupError, match="checksum file"):
        backup_verify(result.archive)


@pytest.mark.django_db(transaction=True)
def test_rotation_keeps_the_newest_archives(tmp_path, media_root):
    archives = [backup_create(output_dir=tmp_path).archive for _ in range(4)]

    removed = backup_rotate(directory=tmp_path, keep=2)

    assert sorted(removed) == sorted(archives[:2])
    assert sorted(tmp_path.glob("relais-*.tar.gz")) == sorted(archives[2:])
    assert not (tmp_path / f"{archives[0].name}.sha256").exists()
