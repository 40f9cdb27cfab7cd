from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from relais.knowledge.models import Comment
from relais.projects.models import Project


def comment_url(project: Project) -> str:
    return reverse(
        "knowledge:comment-create", args=[ContentType.objects.get_for_model(Project).pk, project.pk]
    )


def test_anyone_comments_a_published_project_from_the_gallery(client, project):
    project.is_published = True
    project.save()

    response = client.post(comment_url(project), {"author_name": "Lou", "body": "Bravo pour les bancs"})

    assert response.status_code == 303
    assert Comment.objects.get().target == project
    page = client.get(reverse("projects:gallery-detail", args=[project.pk])).content.decode()
    assert "Bravo pour les bancs" in page


def test_an_unpublished_project_takes_no_comment_from_outside_its_place(client, outsider_client, project):
    assert client.post(comment_url(project), {"author_name": "Lou", "body": "Hello"}).status_code == 404
    assert outsider_client.post(comment_url(project), {"body": "Hello"}).status_code == 404
    assert Comment.objects.count() == 0
