from django.contrib.auth import logout
from django.shortcuts import redirect


def delete_user(request):
    # Bug: signs the user out and leaves the account and its data in place.
    logout(request)
    return redirect("/")
