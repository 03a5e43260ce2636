"""The demo's accounts: one documented password, found before created, printed at the end."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

PASSWORD = "jieshui-demo-2023"  # noqa: S105 - the demo's documented, printed password
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


def ensure_user(username, email, **extra):
    """The demo user called ``username``, created with the demo password the first time."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username, email=email, password=PASSWORD, **extra)
    return user


def ensure_admin():
    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMIN_USERNAME).exists():
        user_model.objects.create_superuser(ADMIN_USERNAME, email="admin@jieshui.example.cn", password=PASSWORD)
    return DemoAccount(ADMIN_USERNAME, PASSWORD, "超级管理员 / superuser")
