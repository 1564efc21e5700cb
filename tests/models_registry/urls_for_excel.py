"""The project's URLs with the Excel pages of the models registry in its namespace, for tests/models_registry/
test_excel.py while models_registry/urls.py does not include models_registry.urls_excel yet. Once it does, the tests
use the project's own URLs and this module is not needed."""

from django.urls import URLResolver, include, path

from antqcore import urls as root
from models_registry import urls as registry
from models_registry import urls_excel

registry_patterns = list(registry.urlpatterns)
if not any(isinstance(p, URLResolver) and p.urlconf_name is urls_excel for p in registry_patterns):
    registry_patterns.append(path("excel/", include(urls_excel)))

urlpatterns = [p for p in root.urlpatterns if getattr(p, "namespace", None) != "models_registry"] + [
    path("models/", include((registry_patterns, "models_registry"))),
]
