import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "avatars").mkdir()
    (tmp_path / "avatars" / "a1b2.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    (tmp_path / "secret.txt").write_text("not an avatar")
    return tmp_path


def test_avatars_are_served_with_nosniff_whatever_debug_says(client, media_root, settings):
    settings.DEBUG = False
    response = client.get("/media/avatars/a1b2.webp")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/webp"


def test_only_the_avatars_folder_is_served(client, media_root):
    assert client.get("/media/secret.txt").status_code == 404
    assert client.get("/media/avatars/../secret.txt").status_code == 404
