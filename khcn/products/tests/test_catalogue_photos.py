"""Product photos: resized, stored as JPEG without EXIF, served publicly only once published."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from khcn.products.models import ProductPhoto
from khcn.products.services import catalogue as services
from khcn.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KHCN_PHOTO_MAX_SIDE = 1600


def camera_photo(width=4000, height=3000, fmt="JPEG", name="anh.jpg") -> SimpleUploadedFile:
    """A photo as a phone takes it: large, with EXIF naming the camera and where it was taken."""
    image = Image.new("RGB", (width, height), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif.get_ifd(GPS_IFD)[2] = (21.0, 10.0, 30.0)  # GPSLatitude
    buffer = BytesIO()
    if fmt == "JPEG":
        image.save(buffer, format="JPEG", exif=exif.tobytes(), quality=80)
    else:
        image.save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_photo_is_resized_and_stripped_of_exif(officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    upload = camera_photo()
    assert Image.open(BytesIO(upload.read())).getexif()  # the test photo does carry EXIF
    upload.seek(0)
    photo = services.photo_add(user=officer_a, product=product, upload=upload, caption="Quả bưởi")
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 1200)
        assert not image.getexif()
        assert "exif" not in image.info
    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.image.name.endswith(".jpg")


def test_png_with_transparency_becomes_jpeg(officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    buffer = BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, format="PNG")
    photo = services.photo_add(
        user=officer_a, product=product, upload=SimpleUploadedFile("logo.png", buffer.getvalue())
    )
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (300, 200)
        assert image.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=2)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image"), services.PHOTO_CONTENT),
        (SimpleUploadedFile("scan.pdf", b"%PDF-1.4"), services.PHOTO_TYPE),
    ],
)
def test_not_a_photo_is_refused(officer_a, ward_a, upload, code):
    product = ProductFactory.create(unit=ward_a)
    with pytest.raises(ValidationError) as caught:
        services.photo_add(user=officer_a, product=product, upload=upload)
    assert caught.value.error_dict["image"][0].code == code
    assert not ProductPhoto.objects.exists()


def test_photo_over_the_size_limit_is_refused(officer_a, ward_a, settings):
    settings.KHCN_PHOTO_MAX_MB = 0
    product = ProductFactory.create(unit=ward_a)
    with pytest.raises(ValidationError) as caught:
        services.photo_add(user=officer_a, product=product, upload=camera_photo(40, 30))
    assert caught.value.error_dict["image"][0].code == services.PHOTO_SIZE


def test_photo_served_in_scope_until_published(client, officer_a, officer_b, ward_a):
    product = ProductFactory.create(unit=ward_a)
    photo = services.photo_add(user=officer_a, product=product, upload=camera_photo(400, 300))
    url = f"/products/photos/{photo.pk}.jpg"
    assert client.get(url).status_code == 404  # anonymous, not published
    client.force_login(officer_b)
    assert client.get(url).status_code == 404  # another commune
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    services.product_publish(user=officer_a, product=product, publish=True)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_upload_and_delete_through_the_page(client, officer_a, ward_a):
    product = ProductFactory.create(unit=ward_a)
    client.force_login(officer_a)
    response = client.post(
        f"/products/{product.pk}/photos/new/", {"photo-image": camera_photo(800, 600), "photo-caption": "Vườn bưởi"}
    )
    assert response.status_code == 302
    photo = product.photos.get()
    assert photo.caption == "Vườn bưởi"
    page = client.get(product.get_absolute_url()).content.decode()
    assert f"/products/photos/{photo.pk}.jpg" in page
    assert client.get(f"/products/photos/{photo.pk}/delete/").status_code == 200  # the question first
    assert client.post(f"/products/photos/{photo.pk}/delete/").status_code == 302
    assert not product.photos.exists()
    bad = client.post(f"/products/{product.pk}/photos/new/", {"photo-image": SimpleUploadedFile("a.jpg", b"nope")})
    assert bad.status_code == 422
